# Есептік жазбалар: тіркелу, кіру, қалпына келтіру, профиль, токендер және хаттар.
account-title = Жеке кабинет
account-display-name = Аты
account-display-name-hint = Платформада жариялаған материалдарыңызбен бірге көрсетіледі; 2–80 таңба.
account-display-name-invalid = 2–80 таңбадан тұратын атау енгізіңіз.
account-email = Электрондық пошта
account-email-invalid = Электрондық пошта мекенжайын name@example.kz түрінде енгізіңіз.
account-password = Құпия сөз
account-password-hint = Кемінде { $min } таңба. Бір-бірімен байланысы жоқ бірнеше сөз берік құпия сөз болады.
account-password-confirm = Құпия сөзді қайталаңыз
account-password-mismatch = Құпия сөздер сәйкес келмейді.
account-password-too-short = Құпия сөз кемінде { $min } таңбадан тұруы тиіс.
account-password-too-long = Құпия сөз 256 таңбадан аспауы тиіс.
account-password-common = Бұл құпия сөз ең жиі қолданылатындардың бірі, оны табу оңай. Басқасын таңдаңыз.
account-password-identity = Құпия сөзде атыңыз немесе электрондық пошта мекенжайыңыз болмауы тиіс.
account-password-repetitive = Құпия сөзде әртүрлі таңбалар тым аз. Басқасын таңдаңыз.
account-signup-title = Тіркелу
account-signup-lead = Платформаның барлық бөліміне бір есептік жазба. Электрондық пошта мекенжайыңызды растау үшін сізге сілтеме жібереміз.
account-signup-button = Тіркелу
account-have-account = Есептік жазбаңыз бар ма?
account-no-account = Есептік жазбаңыз әлі жоқ па?
account-check-email-title = Электрондық поштаңызды тексеріңіз
account-check-email = Біз { $email } мекенжайына хат жібердік. Мекенжайыңызды растау үшін хаттағы сілтемеге өтіңіз. Хат көрінбесе, «Спам» қалтасын тексеріңіз.
account-confirm-title = Электрондық пошта мекенжайын растау
account-confirm-lead = Электрондық пошта мекенжайыңызды растау үшін батырманы басыңыз.
account-confirm-button = Мекенжайымды растау
account-confirmed-title = Электрондық пошта расталды
account-confirmed = Электрондық пошта мекенжайыңыз расталды. Рақмет.
account-go-profile = Жеке кабинетке өту
account-link-invalid = Бұл сілтеме жарамсыз немесе оның мерзімі өтіп кеткен. Жаңасын сұраңыз.
account-signin-title = Жүйеге кіру
account-signin-button = Кіру
account-signin-failed = Электрондық пошта немесе құпия сөз қате. Тексеріп, қайталап көріңіз.
account-forgot = Құпия сөзді ұмыттыңыз ба?
account-reset-title = Құпия сөзді қалпына келтіру
account-reset-lead = Есептік жазбаңыздың электрондық пошта мекенжайын енгізіңіз, біз жаңа құпия сөз таңдауға арналған сілтеме жібереміз.
account-reset-button = Сілтемені жіберу
account-reset-sent = Егер { $email } мекенжайымен тіркелген есептік жазба болса, біз оған жаңа құпия сөз таңдауға арналған сілтеме жібердік.
account-new-password-title = Жаңа құпия сөз таңдау
account-new-password-lead = Осыдан кейін сіз барлық құрылғыда жүйеден шығарыласыз және жаңа құпия сөзбен кіре аласыз.
account-new-password = Жаңа құпия сөз
account-new-password-button = Жаңа құпия сөзді сақтау
account-current-password = Қазіргі құпия сөз
account-current-password-wrong = Қазіргі құпия сөз қате.
account-change-password = Құпия сөзді өзгерту
account-email-confirmed = расталған
account-email-unconfirmed = расталмаған
account-resend-confirmation = Растау сілтемесін қайта жіберу
account-identity = Жеке басын сәйкестендіру
account-identity-verified = расталған
account-identity-unverified = расталмаған
account-verify-with = { $provider } арқылы жеке басымды растау
account-roles = Рөлдер
account-roles-citizen = Азамат.
account-tokens = API токендері
account-tokens-lead = Токен бағдарламаларға API-ді сіздің атыңыздан пайдалануға мүмкіндік береді. Оны құпия сақтаңыз; қажет болмай қалғанда күшін жойыңыз.
account-token-name = Токен атауы
account-token-name-hint = Токен не үшін қажет, мысалы, «деректер жинағыш».
account-token-name-invalid = 1–80 таңбадан тұратын атау енгізіңіз.
account-token-too-many = Сізде 20 белсенді токен бар. Жаңасын жасамас бұрын біреуінің күшін жойыңыз.
account-token-create = Токен жасау
account-token-created = Жаңа токеніңіз төменде тек бір рет көрсетіледі. Оны қазір көшіріп алып, сенімді жерде сақтаңыз.
account-token-copy = Көшіру
account-token-copied = Көшірілді
account-token-prefix = Басталуы
account-token-created-at = Жасалған күні
account-token-last-used = Соңғы пайдаланылуы
account-token-never = пайдаланылмаған
account-token-state = Күйі
account-token-revoke = Күшін жою
account-token-revoked = күші жойылған
account-notifications = Хабарламалар
account-notifications-empty = Әзірге хабарлама жоқ.
account-notification-open = Ашу
notice-confirmation-sent = Жаңа растау сілтемесін жібердік.
notice-password-changed = Құпия сөзіңіз өзгертілді. Басқа сеанстар аяқталды.
notice-password-reset = Құпия сөзіңіз өзгертілді. Енді онымен жүйеге кіре аласыз.
notice-token-revoked = Токеннің күші жойылды.

mail-confirm-subject = Электрондық пошта мекенжайын растаңыз
mail-confirm-body =
    Сәлеметсіз бе, { $name }!

    Біреу, сірә, сіз, осы мекенжаймен «Ашық үкімет» платформасында есептік жазба жасады.
    Оны растау үшін мына сілтемені { $hours } сағат ішінде ашыңыз:

    { $link }

    Егер бұл сіз болмасаңыз, бұл хатты елемеңіз: ештеңе өзгермейді.
mail-already-subject = Сізде есептік жазба бұрыннан бар
mail-already-body =
    Сәлеметсіз бе, { $name }!

    Біреу осы мекенжаймен «Ашық үкімет» платформасында есептік жазба жасамақ болды, бірақ сізде есептік жазба бұрыннан бар.
    Кіру: { $signin }
    Құпия сөзді ұмыттыңыз ба? Жаңасын таңдаңыз: { $reset }

    Егер бұл сіз болмасаңыз, бұл хатты елемеңіз.
mail-reset-subject = Жаңа құпия сөз таңдаңыз
mail-reset-body =
    Сәлеметсіз бе, { $name }!

    «Ашық үкімет» платформасындағы есептік жазбаңызға жаңа құпия сөз таңдау үшін мына сілтемені { $hours } сағат ішінде ашыңыз:

    { $link }

    Егер сіз мұны сұрамаған болсаңыз, бұл хатты елемеңіз: құпия сөзіңіз өзгермейді.
mail-password-changed-subject = Құпия сөзіңіз өзгертілді
mail-password-changed-body =
    Сәлеметсіз бе, { $name }!

    «Ашық үкімет» платформасындағы есептік жазбаңыздың құпия сөзі жаңа ғана өзгертілді.
    Егер бұл сіз болмасаңыз, дереу жаңа құпия сөз таңдаңыз: { $reset }
account-verify-provider-failed = Сәйкестендіру провайдеріне қосылу мүмкін болмады немесе оның жауабына сенуге болмайды. Кейінірек қайталап көріңіз.
account-verify-cancelled = Сәйкестендіру провайдерінде жеке басты растаудан бас тартылды.
account-verify-expired = Бұл растаудың мерзімі өтті немесе ол бұрын пайдаланылған. Оны жеке кабинеттен қайта бастаңыз.
account-verify-taken = Бұл жеке бас басқа есептік жазбаны растап қойған.
account-verified-title = Жеке басыңыз расталды
account-verified = Жеке басыңызды сәйкестендіру провайдері растады.
audit-action-account-identity_verified = Жеке бас расталды
