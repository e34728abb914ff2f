# Өтініштер мен шағымдар (crates/portals/dialogue)
nav-appeals = Өтініштер
appeals-title = Өтініштер мен шағымдар
appeals-lead = Кез келген мемлекеттік органға жазыңыз. Заң оны белгіленген мерзімде жауап беруге міндеттейді, ал сіз бұл мерзімнің қалай өтіп жатқанын бақылай аласыз.
appeals-file = Өтініш беру
appeals-mine = Менің өтініштерім
appeals-mine-none = Сіз әлі өтініш берген жоқсыз.
appeals-table-caption = Өтініштер
appeals-rules-heading = Заңда белгіленген мерзімдер
appeals-rule-answer = Өтінішке жауап беру
appeals-rule-information = Ақпарат сұрауға жауап беру
appeals-rule-redirect = Құзыретті органға жіберу
appeals-rule-extension = Ұзартудың жалпы ең ұзақ мерзімі
appeals-rule-complaint = Жауапқа берілген шағым бойынша шешім қабылдау
appeals-rules-calendar = Жұмыс күндері өндірістік күнтізбе бойынша есептеледі:
appeals-privacy-heading = Құпиялылық
appeals-privacy-text = Өтінішіңіз құпия: оны тек сіз, оған жауап беретін лауазымды тұлғалар және оларды бақылаушылар ғана оқи алады. Егер рұқсат етсеңіз, атыңыз көрсетілмеген иесіздендірілген қысқаша мазмұны жарияланады.
period-working-days = { $n } жұмыс күні
period-calendar-days = { $n } күнтізбелік күн
period-months = { $n } ай
appeal-new-title = Жаңа өтініш
appeal-anonymous-heading = Өтініш беру үшін жүйеге кіріңіз
appeal-anonymous-refused = Анонимдік өтініштер қаралмайды: Әкімшілік рәсімдік-процестік кодекске сәйкес өтініште өтініш берушінің аты-жөні мен жауап жіберілетін мекенжай көрсетілуі тиіс. Жүйеге кіріңіз немесе тіркеліңіз; атыңыз ешқашан жарияланбайды.
appeal-pick-body-lead = Өзіңіз жазатын органды таңдаңыз. Егер мәселе оның құзыретіне жатпаса, орган өтінішіңізді заңда белгіленген мерзімде құзыретті органға жіберуге және бұл туралы сізге хабарлауға міндетті.
appeal-pick-body-next = Жалғастыру
appeal-pick-body-directory = Қай органды таңдау керектігін білмейсіз бе? Анықтамалықты қараңыз:
appeal-new-to = Кімге:
appeal-new-change-body = басқа органды таңдау
appeal-new-legal = Орган өтінішті қабылдаудан бас тартуға құқылы емес. Сізге тіркеу нөмірі мен жауап беру мерзімі көрсетілген талон беріледі.
appeal-errors-prefix = Қате:
appeal-field-body = Орган
appeal-field-kind = Өтініш түрі
appeal-field-kind-hint = Арызда бір нәрсе сұралады; шағымда құқықтың бұзылғаны айтылады; ұсыныста бір нәрсені жақсарту ұсынылады.
appeal-field-category = Санат
appeal-category-none = Басқа / білмеймін
appeal-field-lang = Өтініш тілі
appeal-field-lang-hint = Орган осы тілде жауап береді.
appeal-field-subject = Тақырып
appeal-field-text = Өтініш мәтіні
appeal-field-text-hint = Ең көбі { $max } таңба.
appeal-place-legend = Орны (міндетті емес)
appeal-place-hint = Мәселе белгілі бір жерге қатысты болса, оның орнын көрсетіңіз.
appeal-field-address = Мекенжайы
appeal-field-lat = Ендік
appeal-field-lon = Бойлық
appeal-files-legend = Тіркемелер
appeal-files-kept = Қосылған файлдар:
appeal-field-files = Файлдарды қосу
appeal-field-files-hint = Әрқайсысы { $mb } МБ-тан аспайтын ең көбі { $max } файл: PDF, суреттер немесе кеңсе құжаттары.
appeal-public-legend = Жария қысқаша мазмұн
appeal-field-public = Осы өтініштің иесіздендірілген қысқаша мазмұнын жариялауға рұқсат ету
appeal-field-summary = Жұртшылыққа арналған қысқаша мазмұн
appeal-field-summary-hint = Адамдардың аты-жөнін, телефон нөмірлерін және мекенжайларын жазбаңыз. Тақырып пен осы қысқаша мазмұн көрсетіледі, ал өтініш мәтіні көрсетілмейді.
appeal-submit = Өтінішті жіберу
appeal-kind-application = Арыз
appeal-kind-complaint = Шағым
appeal-kind-proposal = Ұсыныс
appeal-kind-information_request = Ақпарат сұрау
appeal-kind-feedback = Пікір
appeal-kind-complaint_about_answer = Жауапқа шағым
appeal-status = Мәртебесі
appeal-status-registered = Тіркелді
appeal-status-assigned = Жауап беруші тағайындалды
appeal-status-in_progress = Қаралуда
appeal-status-answered = Жауап берілді
appeal-status-closed = Жабылды
appeal-status-withdrawn = Кері қайтарып алынды
appeal-outcome = Шешім
appeal-outcome-satisfied = Қанағаттандырылды
appeal-outcome-partly_satisfied = Ішінара қанағаттандырылды
appeal-outcome-refused = Бас тартылды
appeal-error-body = Органды тізімнен таңдаңыз.
appeal-error-kind = Өтініш түрін таңдаңыз.
appeal-error-category = Осы органның санатын таңдаңыз.
appeal-error-lang = Қазақ, орыс немесе ағылшын тілін таңдаңыз.
appeal-error-subject-empty = Тақырыпты жазыңыз.
appeal-error-subject-long = Тақырып бір жолдан тұруы және { $max } таңбадан аспауы керек.
appeal-error-text-short = Өтініш мәтінін жазыңыз (кемінде 10 таңба).
appeal-error-text-long = Мәтін 10 таңбадан { $max } таңбаға дейін болуы керек.
appeal-error-address = Мекенжай { $max } таңбадан аспауы керек.
appeal-error-location = Ендік пен бойлықтың екеуін де сан түрінде көрсетіңіз (ендік −90-нан 90-ға дейін, бойлық −180-нен 180-ге дейін) немесе екеуін де бос қалдырыңыз.
appeal-error-summary = Қысқаша мазмұн { $max } таңбадан аспауы керек.
appeal-error-file-too-large = { $name } файлының көлемі { $max } МБ-тан асады.
appeal-error-file-empty = { $name } файлы бос.
appeal-error-file-type = { $name } файлы PDF, сурет немесе кеңсе құжаты емес.
appeal-error-too-many-files = Ең көбі { $max } файл тіркеуге болады.
appeal-error-daily-limit = Сіз бүгін { $limit } өтініш бердіңіз, бұл — бір күнде рұқсат етілген ең көп сан. Мәтініңіз сақталды; оны ертең жіберіңіз.
appeal-error-state = Өтініштің қазіргі күйі бұл әрекетті орындауға мүмкіндік бермейді.
appeal-error-not-open = Бұл өтініш жабылған.
appeal-error-already-started = Бұл өтінішпен жұмыс басталып қойған.
appeal-error-assignee = Жауап берушіні немесе осы органның басшысын таңдаңыз.
appeal-error-reason = Себебін көрсетіңіз.
appeal-error-outcome = Шешімді таңдаңыз.
appeal-error-answer-text = Жауапты жазыңыз (10-нан 20 000 таңбаға дейін).
appeal-error-how-to-appeal = Бас тарту немесе ішінара қанағаттандыру туралы шешімге өтініш берушінің қалай шағымдана алатынын көрсетіңіз.
appeal-error-date = Күнді ЖЖЖЖ-АА-КК түрінде енгізіңіз.
appeal-error-rating = 1-ден 5-ке дейінгі бағаны таңдаңыз.
appeal-error-comment = Түсініктеме 2000 таңбадан аспауы керек.
appeal-error-rated = Сіз бұл жауапты бағалап қойғансыз.
appeal-error-not-answered = Бұл өтінішке әлі жауап берілген жоқ.
appeal-error-note = 5000 таңбадан аспайтын жазба жазыңыз.
appeal-complaint-subject = { $number } нөмірлі өтінішке берілген жауапқа шағым
appeal-back = Тізімге оралу
appeal-overdue = Мерзімі өтіп кеткен
appeal-answered-late = Жауап мерзімі өткеннен кейін берілді
appeal-received = Түскен уақыты
appeal-registered-on = Тіркелген күні
appeal-due = Жауап беру мерзімі
appeal-location = Координаттар
appeal-public = Жария қысқаша мазмұн
appeal-public-yes = Рұқсат етілген
appeal-public-no = Рұқсат етілмеген
appeal-parent = Шағым берілген өтініш
appeal-text-heading = Мәтін
appeal-answer-heading = Жауап
appeal-how-to-appeal = Шағымдану тәртібі
appeal-how-to-appeal-hint = Өтінішті қанағаттандырудан бас тартылса немесе ол ішінара қанағаттандырылса, міндетті.
appeal-complaints-heading = Жауапқа берілген шағымдар
appeal-timeline-heading = Қарау барысы
appeal-internal = ішкі
appeal-event-registered = Тіркелді
appeal-event-assigned = Жауап беруші тағайындалды
appeal-event-in_progress = Жұмыс басталды
appeal-event-answered = Жауап берілді
appeal-event-redirected = Құзыретті органға жіберілді
appeal-event-extended = Басшының шешімімен мерзім ұзартылды
appeal-event-withdrawn = Өтініш беруші кері қайтарып алды
appeal-event-rated = Жауап бағаланды
appeal-event-complained = Жауапқа шағым берілді
appeal-event-note = Ішкі жазба
appeal-event-hidden = Модератор жария қысқаша мазмұнды жасырды
appeal-event-shown = Жария қысқаша мазмұн қайта көрсетілді
appeal-detail-due = Жауап беру мерзімі: { $date }
appeal-detail-redirected = Кімге: { $body }; жауап беру мерзімі: { $date }
appeal-detail-rating = Баға: 5 балдық шкала бойынша { $rating }
appeal-withdraw-heading = Өтінішті кері қайтарып алу
appeal-withdraw = Кері қайтарып алу
appeal-rate-heading = Жауапты бағалау
appeal-rate-legend = Жауап сізді қаншалықты қанағаттандырды? (1 — мүлдем қанағаттандырмады, 5 — толық қанағаттандырды)
appeal-rate-comment = Түсініктеме (міндетті емес)
appeal-rate-submit = Бағаны жіберу
appeal-complain-heading = Жауапқа шағымдану
appeal-complain-lead = Шағым жоғары тұрған органға жіберіледі, ол шағымды заңда белгіленген мерзімде қарап, шешім қабылдауға міндетті.
appeal-complain-text = Жауаптың қай жері сізді қанағаттандырмайды
appeal-complain-submit = Шағымды жіберу
appeal-work-heading = Өтінішпен жұмыс
appeal-assign-heading = Жауап беруші
appeal-assignee = Жауап беруші
appeal-assign = Тағайындау
appeal-take = Өзіме алу
appeal-start = Жұмысты бастау
appeal-answer-form-heading = Жауап
appeal-template = Жауап үлгісі
appeal-template-use = Қою
appeal-answer-text = Жауап мәтіні (тілі: { $lang })
appeal-answer-submit = Жауапты жіберу
appeal-redirect-heading = Құзыретті органға жіберу
appeal-redirect-to = Құзыретті орган
appeal-reason = Себебі
appeal-redirect-submit = Жіберу
appeal-extend-heading = Мерзімді ұзарту
appeal-extend-hint = Тек басшының дәлелді шешімімен және барлығы екі айдан аспайтын мерзімге; бұл туралы өтініш берушіге хабарланады.
appeal-extend-until = Жаңа жауап беру мерзімі
appeal-extend-submit = Ұзарту
appeal-note-heading = Ішкі жазбалар
appeal-note-hint = Оларды тек лауазымды тұлғалар көреді, өтініш берушіге ешқашан көрсетілмейді.
appeal-note-text = Жазба
appeal-note-submit = Жазба қосу
appeal-receipt-title = Талон
appeal-receipt-lead = Өтінішіңіз тіркелді.
appeal-receipt-number = Тіркеу нөмірі
appeal-receipt-mail = Талон электрондық поштаңызға да жіберілді. Нөмірді сақтап қойыңыз: өтінішіңіз сол арқылы сәйкестендіріледі.
appeal-receipt-open = Өтінішті ашу
notice-appeal-assign = Жауап беруші тағайындалды.
notice-appeal-start = Жұмыс басталды.
notice-appeal-answer = Жауап өтініш берушіге жіберілді.
notice-appeal-redirect = Өтініш құзыретті органға жіберілді, бұл туралы өтініш берушіге хабарланды.
notice-appeal-extend = Мерзім ұзартылды, бұл туралы өтініш берушіге хабарланды.
notice-appeal-withdraw = Өтінішіңіз кері қайтарып алынды.
notice-appeal-rate = Жауапты бағалағаныңызға рақмет.
notice-appeal-note = Жазба қосылды.
notice-workspace-assigned = Таңдалған өтініштерге жауап беруші тағайындалды.
notice-template-created = Үлгі сақталды.
notice-template-deleted = Үлгі жойылды.
workspace-title = Өтініштермен жұмыс орны
workspace-show = Көрсету
workspace-counts = Қаралуда: { $open } · мерзімі өткен: { $overdue } · жауап беруші тағайындалмаған: { $unassigned }
workspace-views-label = Кезек бөлімдері
workspace-view-open = Қаралуда
workspace-view-due_soon = Мерзімі 3 жұмыс күні ішінде өтетіндер
workspace-view-overdue = Мерзімі өткендер
workspace-view-unassigned = Жауап беруші тағайындалмағандар
workspace-view-all = Барлығы
workspace-any = Барлығы
workspace-filter = Сүзу
workspace-empty = Мұнда ештеңе жоқ.
workspace-choose = Таңдау
workspace-unassigned = әзірге тағайындалмаған
workspace-assign-chosen = Таңдалған өтініштерге жауап беруші тағайындау
workspace-overdue-below = Бағынысты органдардағы мерзімі өткен өтініштер
workspace-error-none-chosen = Кемінде бір өтінішті таңдаңыз.
templates-title = Жауап үлгілері
templates-none = Әзірге үлгі жоқ.
templates-delete = Жою
templates-new = Жаңа үлгі
templates-field-title = Атауы
templates-field-text = Мәтіні
templates-save = Үлгіні сақтау
template-error-title = 200 таңбадан аспайтын атау енгізіңіз.
template-error-text = Мәтін 10 таңбадан 20 000 таңбаға дейін болуы керек.
error-multipart = Форманы оқу мүмкін болмады. Оны беттен қайта жіберіңіз.
error-encoding = Формада UTF-8 кодтауында емес мәтін бар.
mail-appeal-filed-subject = { $number } нөмірлі өтініш тіркелді
mail-appeal-filed-body = Сәлеметсіз бе, { $name }!

    Өтінішіңіз тіркелді. Орган: { $body }.
    Тіркеу нөмірі: { $number }
    Тіркелген күні: { $registered }
    Жауап беру мерзімі: { $due }

    Қарау барысын мына жерден бақылай аласыз: { $link }
mail-appeal-assigned-subject = { $number } нөмірлі өтініш: жауап беруші тағайындалды
mail-appeal-assigned-body = Сәлеметсіз бе, { $name }!

    { $number } нөмірлі өтінішіңізге жауап беруші тағайындалды.

    { $link }
mail-appeal-in_progress-subject = { $number } нөмірлі өтініш: жұмыс басталды
mail-appeal-in_progress-body = Сәлеметсіз бе, { $name }!

    { $number } нөмірлі өтінішіңіз бойынша жұмыс басталды.

    { $link }
mail-appeal-answered-subject = { $number } нөмірлі өтініш: жауап берілді
mail-appeal-answered-body = Сәлеметсіз бе, { $name }!

    { $number } нөмірлі өтінішіңізге жауап берілді. Шешім: { $outcome }.
    Жауапты оқу, бағалау немесе оған шағымдану үшін мына сілтемеге өтіңіз: { $link }
mail-appeal-redirected-subject = { $number } нөмірлі өтініш құзыретті органға жіберілді: { $body }
mail-appeal-redirected-body = Сәлеметсіз бе, { $name }!

    { $number } нөмірлі өтінішіңіз құзыретті органға жіберілді: { $body }.
    Себебі: { $reason }
    Жаңа жауап беру мерзімі: { $due }

    { $link }
mail-appeal-extended-subject = { $number } нөмірлі өтініш: мерзім ұзартылды
mail-appeal-extended-body = Сәлеметсіз бе, { $name }!

    Басшының шешімімен { $number } нөмірлі өтінішіңізге жауап беру мерзімі ұзартылды. Жаңа мерзім: { $due }.
    Себебі: { $reason }

    { $link }
mail-appeal-withdrawn-subject = { $number } нөмірлі өтініш кері қайтарып алынды
mail-appeal-withdrawn-body = Сәлеметсіз бе, { $name }!

    { $number } нөмірлі өтінішіңіз сіздің сұрауыңыз бойынша кері қайтарып алынды.

    { $link }
mail-appeal-summary_hidden-subject = { $number } нөмірлі өтініш: жария қысқаша мазмұны жасырылды
mail-appeal-summary_hidden-body = Сәлеметсіз бе, { $name }!

    Модератор { $number } нөмірлі өтінішіңіздің жария қысқаша мазмұнын жасырды. Бұл өтініштің өзіне әсер етпейді: жауап бұрынғы тәртіппен беріледі.
    Себебі: { $reason }

    { $link }
mail-appeal-summary_shown-subject = { $number } нөмірлі өтініш: жария қысқаша мазмұны қайта жарияланды
mail-appeal-summary_shown-body = Сәлеметсіз бе, { $name }!

    Модератор { $number } нөмірлі өтінішіңіздің қысқаша мазмұнын қайта жариялады.

    { $link }
