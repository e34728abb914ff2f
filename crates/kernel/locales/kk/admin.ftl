# Әкімшілендіру беттері.
admin-title = Әкімшілендіру
admin-users-title = Пайдаланушылар
admin-users-search = Аты немесе электрондық пошта бойынша іздеу
admin-users-none = Сәйкес пайдаланушы табылмады.
admin-users-created = Тіркелген күні
admin-users-state = Күйі
admin-users-active = белсенді
admin-users-disabled = бұғатталған
admin-users-access = Қолжетімділік
admin-users-disable = Есептік жазбаны бұғаттау
admin-users-enable = Есептік жазбаны бұғаттан шығару
admin-bodies-link = Мемлекеттік органдар
admin-role = Рөл
admin-role-body = Орган коды
admin-role-body-hint = Органда атқарылатын рөлдер үшін (жариялаушы, жауап беруші, орган басшысы, бақылаушы, қоғамдық кеңес мүшесі). Модератор мен әкімші үшін бос қалдырыңыз.
admin-role-grant = Рөл беру
admin-role-revoke = Қайтарып алу
admin-role-unknown = Белгісіз рөл.
admin-body-unknown = Мұндай коды бар орган жоқ.
admin-role-needs-body = Бұл рөл органда атқарылады: орган кодын енгізіңіз.
admin-role-global = Бұл рөл бүкіл платформаға қолданылады: орган кодын бос қалдырыңыз.
admin-cannot-demote-self = Өзіңіздің әкімші рөліңізді алып тастай алмайсыз.
admin-cannot-disable-self = Өз есептік жазбаңызды бұғаттай алмайсыз.
notice-user-disabled = Есептік жазба бұғатталып, оның барлық сеансы аяқталды.
notice-user-enabled = Есептік жазба бұғаттан шығарылды.
admin-jobs-title = Фондық тапсырмалар
admin-jobs-state = { $state ->
    [queued] кезекте
    [running] орындалуда
    [done] орындалды
    [failed] сәтсіз
   *[other] { $state }
}
admin-jobs-failed = Сәтсіз тапсырмалар
admin-jobs-failed-count = сәтсіз
admin-jobs-pending = Күтудегі және орындалып жатқан
admin-jobs-none-failed = Сәтсіз аяқталған тапсырма жоқ.
admin-jobs-none-pending = Күтудегі тапсырма жоқ.
admin-jobs-col-kind = Түрі
admin-jobs-col-attempts = Талпыныс саны
admin-jobs-col-error = Соңғы қате
admin-jobs-col-action = Әрекет
admin-jobs-col-state = Күйі
admin-jobs-col-run-at = Іске қосылу уақыты (UTC)
admin-jobs-retry = Қайталау
notice-job-retried = Тапсырма қайтадан кезекке қойылды.
admin-outbox-title = Шығыс хаттар
admin-outbox-lead = Платформа жазған хаттар. Пошта сервері бапталмағандықтан, олар жіберілмей, осында сақталады.
admin-outbox-lead-smtp = Платформа жазған хаттар және олардың жеткізілу күйі (тек демо режимде көрсетіледі).
admin-outbox-empty = Әзірге хат жоқ.
admin-outbox-caption = Хаттар, ең жаңасы басында
admin-outbox-col-time = Жазылған уақыты (UTC)
admin-outbox-col-to = Алушы
admin-outbox-col-state = Күйі
admin-outbox-col-message = Хат
admin-outbox-card = Платформа жазған электрондық хаттар (демо режим).
