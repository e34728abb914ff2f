# Обращения и жалобы (crates/portals/dialogue)
nav-appeals = Обращения
appeals-title = Обращения и жалобы
appeals-lead = Напишите в любой государственный орган. Закон обязывает его ответить в установленный срок, а вы можете следить за тем, как этот срок истекает.
appeals-file = Подать обращение
appeals-mine = Мои обращения
appeals-mine-none = Вы ещё не подавали обращений.
appeals-table-caption = Обращения
appeals-rules-heading = Сроки, установленные законом
appeals-rule-answer = Ответ на обращение
appeals-rule-information = Ответ на запрос информации
appeals-rule-redirect = Перенаправление в компетентный орган
appeals-rule-extension = Продление срока в совокупности, не более
appeals-rule-complaint = Решение по жалобе на ответ
appeals-rules-calendar = Рабочие дни считаются по производственному календарю:
appeals-privacy-heading = Конфиденциальность
appeals-privacy-text = Ваше обращение конфиденциально: его могут читать только вы, должностные лица, которые на него отвечают, и их кураторы. Если вы разрешите, будет опубликовано обезличенное краткое содержание без вашего имени.
period-working-days = { $n ->
    [one] { $n } рабочий день
    [few] { $n } рабочих дня
    [many] { $n } рабочих дней
   *[other] { $n } рабочего дня
}
period-calendar-days = { $n ->
    [one] { $n } календарный день
    [few] { $n } календарных дня
    [many] { $n } календарных дней
   *[other] { $n } календарного дня
}
period-months = { $n ->
    [one] { $n } месяц
    [few] { $n } месяца
    [many] { $n } месяцев
   *[other] { $n } месяца
}
appeal-new-title = Новое обращение
appeal-anonymous-heading = Войдите, чтобы подать обращение
appeal-anonymous-refused = Анонимные обращения не рассматриваются: Административный процедурно-процессуальный кодекс требует указывать в обращении имя заявителя и адрес для ответа. Войдите или зарегистрируйтесь; ваше имя никогда не публикуется.
appeal-pick-body-lead = Выберите орган, в который вы пишете. Если вопрос окажется вне его компетенции, орган обязан в установленный законом срок перенаправить обращение в компетентный орган и сообщить вам об этом.
appeal-pick-body-next = Продолжить
appeal-pick-body-directory = Не знаете, какой орган выбрать? Посмотрите справочник:
appeal-new-to = Кому:
appeal-new-change-body = выбрать другой орган
appeal-new-legal = Орган не вправе отказать в приёме обращения. Вы получите талон с регистрационным номером и сроком ответа.
appeal-errors-prefix = Ошибка:
appeal-field-body = Орган
appeal-field-kind = Вид обращения
appeal-field-kind-hint = В заявлении о чём-либо просят; в жалобе сообщают о нарушении права; в предложении предлагают улучшение.
appeal-field-category = Категория
appeal-category-none = Другое / не знаю
appeal-field-lang = Язык обращения
appeal-field-lang-hint = Орган ответит на этом языке.
appeal-field-subject = Тема
appeal-field-text = Текст обращения
appeal-field-text-hint = { $max ->
    [one] Не более { $max } символа.
   *[other] Не более { $max } символов.
}
appeal-place-legend = Место (необязательно)
appeal-place-hint = Где находится проблема, если она связана с конкретным местом.
appeal-field-address = Адрес
appeal-field-lat = Широта
appeal-field-lon = Долгота
appeal-files-legend = Вложения
appeal-files-kept = Уже прикреплены:
appeal-field-files = Добавить файлы
appeal-field-files-hint = { $max ->
    [one] До { $max } файла размером не более { $mb } МБ каждый: PDF, изображения или офисные документы.
   *[other] До { $max } файлов размером не более { $mb } МБ каждый: PDF, изображения или офисные документы.
}
appeal-public-legend = Публичное краткое содержание
appeal-field-public = Разрешить публикацию обезличенного краткого содержания этого обращения
appeal-field-summary = Краткое содержание для публикации
appeal-field-summary-hint = Без имён, номеров телефонов и адресов людей. Публикуются тема и это краткое содержание; текст обращения не публикуется.
appeal-submit = Отправить обращение
appeal-kind-application = Заявление
appeal-kind-complaint = Жалоба
appeal-kind-proposal = Предложение
appeal-kind-information_request = Запрос информации
appeal-kind-feedback = Отзыв
appeal-kind-complaint_about_answer = Жалоба на ответ
appeal-status = Статус
appeal-status-registered = Зарегистрировано
appeal-status-assigned = Назначен ответственный
appeal-status-in_progress = В работе
appeal-status-answered = Дан ответ
appeal-status-closed = Закрыто
appeal-status-withdrawn = Отозвано
appeal-outcome = Решение
appeal-outcome-satisfied = Удовлетворено
appeal-outcome-partly_satisfied = Удовлетворено частично
appeal-outcome-refused = Отказано
appeal-error-body = Выберите орган из списка.
appeal-error-kind = Выберите вид обращения.
appeal-error-category = Выберите категорию этого органа.
appeal-error-lang = Выберите казахский, русский или английский язык.
appeal-error-subject-empty = Укажите тему.
appeal-error-subject-long = { $max ->
    [one] Тема должна умещаться в одну строку и содержать не более { $max } символа.
   *[other] Тема должна умещаться в одну строку и содержать не более { $max } символов.
}
appeal-error-text-short = Напишите текст обращения (не менее 10 символов).
appeal-error-text-long = { $max ->
    [one] Текст должен содержать от 10 до { $max } символа.
   *[other] Текст должен содержать от 10 до { $max } символов.
}
appeal-error-address = { $max ->
    [one] Адрес должен содержать не более { $max } символа.
   *[other] Адрес должен содержать не более { $max } символов.
}
appeal-error-location = Укажите и широту, и долготу числами (широта от −90 до 90, долгота от −180 до 180) либо оставьте оба поля пустыми.
appeal-error-summary = { $max ->
    [one] Краткое содержание должно содержать не более { $max } символа.
   *[other] Краткое содержание должно содержать не более { $max } символов.
}
appeal-error-file-too-large = Размер файла { $name } превышает { $max } МБ.
appeal-error-file-empty = Файл { $name } пуст.
appeal-error-file-type = Файл { $name } не является PDF, изображением или офисным документом.
appeal-error-too-many-files = { $max ->
    [one] Можно прикрепить не более { $max } файла.
   *[other] Можно прикрепить не более { $max } файлов.
}
appeal-error-daily-limit = { $limit ->
    [one] Сегодня вы подали { $limit } обращение — это предельное число обращений в день. Ваш текст сохранён; отправьте его завтра.
    [few] Сегодня вы подали { $limit } обращения — это предельное число обращений в день. Ваш текст сохранён; отправьте его завтра.
   *[other] Сегодня вы подали { $limit } обращений — это предельное число обращений в день. Ваш текст сохранён; отправьте его завтра.
}
appeal-error-state = Текущее состояние обращения не позволяет выполнить это действие.
appeal-error-not-open = Это обращение уже закрыто.
appeal-error-already-started = Работа по этому обращению уже начата.
appeal-error-assignee = Выберите ответственного за ответы или руководителя этого органа.
appeal-error-reason = Укажите причину.
appeal-error-outcome = Выберите решение.
appeal-error-answer-text = Напишите ответ (от 10 до 20 000 символов).
appeal-error-how-to-appeal = Укажите, как заявитель может обжаловать отказ или частичное удовлетворение.
appeal-error-date = Укажите дату в виде ГГГГ-ММ-ДД.
appeal-error-rating = Выберите оценку от 1 до 5.
appeal-error-comment = Комментарий должен содержать не более 2000 символов.
appeal-error-rated = Вы уже оценили этот ответ.
appeal-error-not-answered = На это обращение ещё не дан ответ.
appeal-error-note = Напишите заметку длиной не более 5000 символов.
appeal-complaint-subject = Жалоба на ответ по обращению № { $number }
appeal-back = Вернуться к списку
appeal-overdue = Просрочено
appeal-answered-late = Ответ дан с нарушением срока
appeal-received = Поступило
appeal-registered-on = Дата регистрации
appeal-due = Срок ответа
appeal-location = Координаты
appeal-public = Публичное краткое содержание
appeal-public-yes = Разрешено
appeal-public-no = Не разрешено
appeal-parent = Жалоба по обращению
appeal-text-heading = Текст
appeal-answer-heading = Ответ
appeal-how-to-appeal = Порядок обжалования
appeal-how-to-appeal-hint = Обязательно, если в удовлетворении обращения отказано или оно удовлетворено частично.
appeal-complaints-heading = Жалобы на ответ
appeal-timeline-heading = Ход рассмотрения
appeal-internal = внутреннее
appeal-event-registered = Зарегистрировано
appeal-event-assigned = Назначен ответственный за ответ
appeal-event-in_progress = Начата работа
appeal-event-answered = Дан ответ
appeal-event-redirected = Перенаправлено в компетентный орган
appeal-event-extended = Срок продлён решением руководителя
appeal-event-withdrawn = Отозвано заявителем
appeal-event-rated = Ответ оценён
appeal-event-complained = Подана жалоба на ответ
appeal-event-note = Внутренняя заметка
appeal-event-hidden = Модератор скрыл публичное краткое содержание
appeal-event-shown = Публичное краткое содержание снова показано
appeal-detail-due = Срок ответа: { $date }
appeal-detail-redirected = Кому: { $body }; срок ответа: { $date }
appeal-detail-rating = Оценка: { $rating } из 5
appeal-withdraw-heading = Отозвать обращение
appeal-withdraw = Отозвать
appeal-rate-heading = Оценить ответ
appeal-rate-legend = Насколько вас устраивает ответ? (1 — совсем не устраивает, 5 — полностью устраивает)
appeal-rate-comment = Комментарий (необязательно)
appeal-rate-submit = Отправить оценку
appeal-complain-heading = Обжаловать ответ
appeal-complain-lead = Жалоба направляется в вышестоящий орган, который обязан рассмотреть её в установленный законом срок.
appeal-complain-text = Что вас не устраивает в ответе
appeal-complain-submit = Отправить жалобу
appeal-work-heading = Работа с обращением
appeal-assign-heading = Ответственный за ответ
appeal-assignee = Ответственный за ответ
appeal-assign = Назначить
appeal-take = Взять в работу
appeal-start = Начать работу
appeal-answer-form-heading = Ответ
appeal-template = Шаблон ответа
appeal-template-use = Вставить
appeal-answer-text = Текст ответа (язык: { $lang })
appeal-answer-submit = Отправить ответ
appeal-redirect-heading = Перенаправить в компетентный орган
appeal-redirect-to = Компетентный орган
appeal-reason = Причина
appeal-redirect-submit = Перенаправить
appeal-extend-heading = Продлить срок
appeal-extend-hint = Только по мотивированному решению руководителя и в совокупности не более чем на два месяца; заявителю сообщается об этом.
appeal-extend-until = Новый срок ответа
appeal-extend-submit = Продлить
appeal-note-heading = Внутренние заметки
appeal-note-hint = Видны только должностным лицам и никогда не показываются заявителю.
appeal-note-text = Заметка
appeal-note-submit = Добавить заметку
appeal-receipt-title = Талон
appeal-receipt-lead = Ваше обращение зарегистрировано.
appeal-receipt-number = Регистрационный номер
appeal-receipt-mail = Талон также отправлен на вашу электронную почту. Сохраните номер: по нему идентифицируется ваше обращение.
appeal-receipt-open = Открыть обращение
notice-appeal-assign = Ответственный за обращение назначен.
notice-appeal-start = Работа начата.
notice-appeal-answer = Ответ отправлен заявителю.
notice-appeal-redirect = Обращение перенаправлено, заявитель уведомлён.
notice-appeal-extend = Срок продлён, заявитель уведомлён.
notice-appeal-withdraw = Ваше обращение отозвано.
notice-appeal-rate = Спасибо за оценку ответа.
notice-appeal-note = Заметка добавлена.
notice-workspace-assigned = По выбранным обращениям назначен ответственный.
notice-template-created = Шаблон сохранён.
notice-template-deleted = Шаблон удалён.
workspace-title = Рабочее место по обращениям
workspace-show = Показать
workspace-counts = На рассмотрении: { $open } · просрочено: { $overdue } · без ответственного: { $unassigned }
workspace-views-label = Разделы очереди
workspace-view-open = На рассмотрении
workspace-view-due_soon = Срок истекает в течение 3 рабочих дней
workspace-view-overdue = Просроченные
workspace-view-unassigned = Без ответственного
workspace-view-all = Все
workspace-any = Все
workspace-filter = Применить фильтр
workspace-empty = Здесь ничего нет.
workspace-choose = Выбрать
workspace-unassigned = пока не назначен
workspace-assign-chosen = Назначить ответственного за выбранные обращения
workspace-overdue-below = Просроченные в подведомственных органах
workspace-error-none-chosen = Выберите хотя бы одно обращение.
templates-title = Шаблоны ответов
templates-none = Шаблонов пока нет.
templates-delete = Удалить
templates-new = Новый шаблон
templates-field-title = Название
templates-field-text = Текст
templates-save = Сохранить шаблон
template-error-title = Укажите название длиной не более 200 символов.
template-error-text = Текст должен содержать от 10 до 20 000 символов.
error-multipart = Не удалось прочитать форму. Отправьте её ещё раз со страницы.
error-encoding = Форма содержит текст не в кодировке UTF-8.
mail-appeal-filed-subject = Обращение № { $number } зарегистрировано
mail-appeal-filed-body = Здравствуйте, { $name }!

    Ваше обращение зарегистрировано. Орган: { $body }.
    Регистрационный номер: { $number }
    Дата регистрации: { $registered }
    Срок ответа: { $due }

    Следить за ходом рассмотрения можно здесь: { $link }
mail-appeal-assigned-subject = Обращение № { $number }: назначен ответственный
mail-appeal-assigned-body = Здравствуйте, { $name }!

    По вашему обращению № { $number } назначен ответственный за ответ.

    { $link }
mail-appeal-in_progress-subject = Обращение № { $number }: начата работа
mail-appeal-in_progress-body = Здравствуйте, { $name }!

    По вашему обращению № { $number } начата работа.

    { $link }
mail-appeal-answered-subject = Обращение № { $number }: дан ответ
mail-appeal-answered-body = Здравствуйте, { $name }!

    На ваше обращение № { $number } дан ответ. Решение: { $outcome }.
    Прочитать ответ, оценить его или обжаловать можно здесь: { $link }
mail-appeal-redirected-subject = Обращение № { $number } перенаправлено в компетентный орган: { $body }
mail-appeal-redirected-body = Здравствуйте, { $name }!

    Ваше обращение № { $number } перенаправлено в компетентный орган: { $body }.
    Причина: { $reason }
    Новый срок ответа: { $due }

    { $link }
mail-appeal-extended-subject = Обращение № { $number }: срок продлён
mail-appeal-extended-body = Здравствуйте, { $name }!

    По решению руководителя срок ответа на ваше обращение № { $number } продлён до { $due }.
    Причина: { $reason }

    { $link }
mail-appeal-withdrawn-subject = Обращение № { $number } отозвано
mail-appeal-withdrawn-body = Здравствуйте, { $name }!

    Ваше обращение № { $number } отозвано по вашей просьбе.

    { $link }
mail-appeal-summary_hidden-subject = Обращение № { $number }: публичное резюме скрыто
mail-appeal-summary_hidden-body = Здравствуйте, { $name }!

    Модератор скрыл публичное резюме вашего обращения № { $number }. Само обращение это не затрагивает: ответ будет дан в прежнем порядке.
    Причина: { $reason }

    { $link }
mail-appeal-summary_shown-subject = Обращение № { $number }: публичное резюме снова опубликовано
mail-appeal-summary_shown-body = Здравствуйте, { $name }!

    Модератор снова опубликовал резюме вашего обращения № { $number }.

    { $link }
