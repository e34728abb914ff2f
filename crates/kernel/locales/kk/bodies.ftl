# Мемлекеттік органдар: жария беттер, ашық деректер, әкімшілік ету (opengov-bodies крейті).

## Орган түрлері

body-kind-government = Үкімет
body-kind-ministry = Министрлік
body-kind-agency = Агенттік
body-kind-committee = Комитет
body-kind-region = Облыс
body-kind-city = Қала
body-kind-district = Аудан
body-kind-rural_district = Ауылдық округ

## Органдар тізімі

bodies-title = Мемлекеттік органдар
bodies-lead = Барлық министрліктер, агенттіктер, әкімдіктер мен ауылдық округтер: кімге бағынады, кім басқарады және олармен қалай байланысуға болады.
bodies-filter-label = Органды іздеу
bodies-search-label = Атауында кездесетін сөз
bodies-search-hint = Қазақ, орыс немесе ағылшын тілінде; бас әріп пен кіші әріп ажыратылмайды.
bodies-kind-label = Орган түрі
bodies-kind-all = Барлық түрі
bodies-filter-submit = Көрсету
bodies-filter-reset = Барлық органдарды көрсету
bodies-tree-heading = Құрылым
bodies-matched-count = { $count ->
    [0] Сәйкес орган жоқ.
   *[other] { $count } орган табылды; бағдар үшін жоғары тұрған органдар да көрсетілген.
}
bodies-empty = Көрсетілетін орган жоқ.
bodies-downloads-heading = Деректерді жүктеп алу
bodies-download-csv = Барлық органдар CSV форматында
bodies-download-json = Барлық органдар JSON форматында (API)
bodies-manage-link = Органдарды басқару
bodies-error-unknown-kind = «{ $kind }» деген орган түрі белгісіз. Мына мәндердің бірін қолданыңыз: government, ministry, agency, committee, region, city, district, rural_district.

## Орган беті

body-breadcrumb-label = Навигация тізбегі
body-inactive = Енді жұмыс істемейді
body-facts-heading = Орган туралы мәліметтер
body-kind = Түрі
body-parent = Бағынысы
body-parent-none = Жоқ (жоғарғы деңгей)
body-head = Басшысы
body-not-given = Көрсетілмеген
body-address = Мекенжайы
body-email = Электрондық пошта
body-phone = Телефон
body-website = Сайт
body-bin = БСН
body-code = Коды
body-children-heading = Ведомстволық бағынысты органдар
body-children-none = Бұл органның ведомстволық бағынысты органдары жоқ.
body-officials-heading = Платформадағы лауазымды тұлғалар
body-officials-none = Бұл органның лауазымды тұлғалары әзірге тіркелмеген.
body-officials-caption = Органның лауазымды тұлғалары және олардың рөлдері
body-officials-col-name = Аты-жөні
body-officials-col-roles = Рөлдері
body-data-heading = Деректер және есептілік
body-data-json = Бұл орган JSON форматында
body-audit-link = Аудит журналына жазылған әрекеттер
body-admin-heading = Әкімшілік ету
body-admin-edit = Орган туралы мәліметтерді өзгерту
body-admin-officials = Лауазымды тұлғаларды басқару

## Орган нысанын тексеру

body-error-code-required = Кодты енгізіңіз.
body-error-code-format = Ең көбі 40 латын әрпін, цифрды, астын сызу белгісін немесе дефисті қолданыңыз.
body-error-code-taken = Бұл код басқа органға тиесілі.
body-error-slug-format = Кіші латын әріптерін, цифрларды және жалғыз дефистерді қолданыңыз, кемінде бір әріп болсын (мысалы, mf-src).
body-error-slug-taken = Бұл веб-мекенжай басқа органға тиесілі.
body-error-kind = Орган түрін таңдаңыз.
body-error-parent = Жоғары тұрған органды тізімнен таңдаңыз.
body-error-parent-cycle = Органды өзіне немесе өзіне бағынысты органға бағындыруға болмайды.
body-error-name-required = Атауын кемінде бір тілде енгізіңіз.
body-error-too-long = Тым ұзын: ең көбі { $max } таңба.
body-error-control-chars = Мәтіннен көрінбейтін басқару таңбаларын алып тастаңыз.
body-error-email = Электрондық пошта мекенжайын енгізіңіз, мысалы info@example.kz.
body-error-phone = Телефон нөмірін енгізіңіз: цифрлар, бос орындар, +, - және жақшалар.
body-error-website = https:// деп басталатын толық мекенжайды енгізіңіз.
body-error-bin = БСН дәл 12 цифрдан тұрады; белгісіз болса, өрісті бос қалдырыңыз.

## Органдарды әкімшілік ету

admin-bodies-title = Мемлекеттік органдарды басқару
admin-bodies-lead = Органдарды құрыңыз, олар туралы мәліметтерді түзетіңіз және олардың атынан кім әрекет ете алатынын шешіңіз. Әрбір өзгеріс ашық аудит журналына жазылады.
admin-bodies-new-link = Орган қосу
admin-bodies-table-caption = Құрылым ретімен { $count } орган
admin-bodies-col-name = Атауы
admin-bodies-col-code = Коды
admin-bodies-col-kind = Түрі
admin-bodies-col-parent = Бағынысы
admin-bodies-col-status = Мәртебесі
admin-bodies-col-actions = Әрекеттер
admin-bodies-col-role = Рөлі
admin-bodies-active = Жұмыс істейді
admin-bodies-edit = Өзгерту
admin-bodies-officials = Лауазымды тұлғалар
admin-bodies-back = Барлық органдар
admin-bodies-new-title = Жаңа мемлекеттік орган
admin-bodies-edit-title = Өзгерту: { $name }
admin-bodies-view-public = Жария бетін ашу
admin-bodies-officials-link = Органның лауазымды тұлғалары
admin-bodies-form-intro = Мәтіндерді қолыңыздан келген барлық тілде толтырыңыз; аударма болмаса, беттер мәтінді басқа тілде көрсетеді.
admin-bodies-errors-title = Қателер бар
admin-bodies-errors-title-prefix = Қате:
admin-bodies-group-identity = Сәйкестендіру және құрылымдағы орны
admin-bodies-group-contacts = Байланыс және тіркеу деректері
admin-bodies-field-code = Коды
admin-bodies-hint-code = Қысқа тұрақты сәйкестендіргіш, мысалы MF немесе MF_SRC.
admin-bodies-field-slug = Веб-мекенжай
admin-bodies-hint-slug = /bodies/… мекенжайында қолданылады; кодтан алу үшін бос қалдырыңыз.
admin-bodies-field-kind = Орган түрі
admin-bodies-field-parent = Бағынысы
admin-bodies-hint-parent = Жоғары тұрған орган; осы органның жауаптарына шағымдар соған жіберіледі.
admin-bodies-parent-none = Жоқ (жоғарғы деңгей)
admin-bodies-field-active = Жұмыс істейді (тізімдерде көрсетіледі)
admin-bodies-field-name = Атауы
admin-bodies-hint-name = Толық ресми атауы.
admin-bodies-field-description = Сипаттамасы
admin-bodies-field-head = Басшының аты-жөні
admin-bodies-hint-head = Жарияланатын аты мен тегі.
admin-bodies-field-address = Мекенжайы
admin-bodies-field-email = Электрондық пошта
admin-bodies-field-phone = Телефон
admin-bodies-field-website = Сайт
admin-bodies-hint-website = Толық мекенжай, мысалы https://www.gov.kz/…
admin-bodies-field-bin = БСН
admin-bodies-hint-bin = Бизнес-сәйкестендіру нөмірі: 12 цифр.
admin-bodies-lang-kk = Қазақша
admin-bodies-lang-ru = Орысша
admin-bodies-lang-en = Ағылшынша
admin-bodies-save = Сақтау
admin-bodies-officials-title = Лауазымды тұлғалар: { $name }
admin-bodies-officials-heading = Осы органдағы рөлдер
admin-bodies-officials-caption = Орган атынан әрекет ететін адамдар, әр рөлге бір жол
admin-bodies-revoke = Қайтарып алу
admin-bodies-grant-heading = Рөл беру
admin-bodies-grant-email = Тіркелгінің электрондық пошта мекенжайы
admin-bodies-grant-email-hint = Адамның платформада тіркелгісі болуы тиіс.
admin-bodies-grant-role = Рөл
admin-bodies-grant-submit = Рөлді беру
admin-bodies-error-email-required = Тіркелгінің электрондық пошта мекенжайын енгізіңіз.
admin-bodies-error-user-unknown = Бұл мекенжаймен белсенді тіркелгі жоқ.
admin-bodies-error-role = Рөлді тізімнен таңдаңыз.
admin-bodies-error-role-needs-body = Бұл рөл мемлекеттік органда беріледі; органды таңдаңыз.
admin-bodies-error-role-is-global = Бұл рөл бүкіл платформаға қатысты, оны органда беруге болмайды.
admin-bodies-error-bad-revoke = Қай рөлді қайтарып алу керектігі анықталмады. Бетті жаңартып, қайталап көріңіз.

## Өзгерістен кейінгі хабарламалар

notice-body-saved = Орган туралы мәліметтер сақталды.
notice-role-granted = Рөл берілді.
notice-role-revoked = Рөл қайтарып алынды.
notice-role-unchanged = Ештеңе өзгерген жоқ: рөл бұрыннан осы күйде еді.

## Аудит журналындағы әрекеттер

audit-action-body-create = Орган құрылды
audit-action-body-update = Орган туралы мәліметтер өзгертілді
audit-action-role-grant = Рөл берілді
audit-action-role-revoke = Рөл қайтарып алынды
