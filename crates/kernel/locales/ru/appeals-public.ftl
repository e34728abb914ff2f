# Публичная статистика обращений, публичные резюме и их модерация (crates/portals/dialogue)
appeals-stats-title = Статистика обращений
appeals-stats-lead = Как государственные органы отвечают на обращения граждан: сколько обращений поступило, на сколько дан ответ и сколько из них в срок, сколько времени это заняло и как заявители оценили ответы. Персональные данные не отображаются.
appeals-stats-as-of = Данные по состоянию на { $time }; они обновляются не реже одного раза в минуту.
appeals-stats-download-csv = Скачать в формате CSV
appeals-stats-download-json = Данные в формате JSON (API)
appeals-stats-overall = Все органы
appeals-stats-col-body = Орган
appeals-stats-col-month = Месяц
appeals-stats-col-category = Категория
appeals-stats-col-received = Поступило
appeals-stats-col-answered = Рассмотрено
appeals-stats-col-on-time = Рассмотрено в срок
appeals-stats-col-on-time-share = Доля рассмотренных в срок
appeals-stats-col-median = Медиана рабочих дней до ответа
appeals-stats-col-overdue = Просрочено на текущий момент
appeals-stats-col-rating = Средняя оценка
appeals-stats-col-ratings = Оценок
appeals-stats-ratings-count = { $count ->
    [one] { $count } оценка
    [few] { $count } оценки
   *[many] { $count } оценок
}
appeals-stats-months-heading = Последние двенадцать месяцев
appeals-stats-months-caption = Обращения по месяцам регистрации
appeals-stats-bodies-heading = По органам
appeals-stats-bodies-caption = Обращения по органам; выберите заголовок столбца, чтобы отсортировать по нему
appeals-stats-sort-hint = Выберите заголовок столбца, чтобы отсортировать таблицу по нему.
appeals-stats-none = Обращений пока нет.
appeals-stats-method = Методика: обращение учитывается в месяце его регистрации. «В срок» означает, что ответ дан до истечения установленного законом срока с учётом продлений; доля исчисляется от рассмотренных обращений. Медиана — серединное значение ряда рабочих дней от регистрации до ответа. «Просрочено на текущий момент» — обращения без ответа, срок рассмотрения которых истёк.
appeals-stats-chart-title = Поступление обращений по месяцам
appeals-stats-chart-item = { $month }: { $count }
appeals-stats-chart-table-note = те же данные приведены в таблице ниже
appeals-stats-categories-heading = По категориям
appeals-stats-categories-caption = Обращения по категориям
appeals-stats-no-category = Без категории
appeals-stats-body-page = Сведения об органе
appeals-public-title = Публичные резюме обращений
appeals-public-lead = Резюме обращений, заявители которых разрешили их опубликовать. Имя заявителя и текст обращения не публикуются.
appeals-public-none = Публичных резюме пока нет.
appeals-public-caption = Публичные резюме, сначала новые
appeals-public-col-number = Номер
appeals-public-col-subject = Тема и резюме
appeals-public-col-body = Орган
appeals-public-col-kind = Вид
appeals-public-col-category = Категория
appeals-public-col-status = Статус
appeals-public-col-received = Поступило
appeals-public-col-due = Срок ответа
appeals-public-overdue = Просрочено
appeals-public-older = Более ранние резюме
appeals-public-errors-prefix = Ошибка:
appeals-public-summary-heading = Резюме
appeals-public-no-summary = Заявитель опубликовал только тему обращения.
appeals-public-timeline-heading = Публичная история
appeal-public-hidden-banner = Модератор скрыл это резюме от публичного доступа. Причина:
appeal-flag-heading = Сообщить о нарушении
appeal-flag-reason = В чём нарушение?
appeal-flag-hint = Например, резюме содержит персональные данные, оскорбления или рекламу. Ваше сообщение рассмотрят модераторы.
appeal-flag-submit = Отправить сообщение
appeal-flag-sign-in = Войдите, чтобы сообщить о нарушении
appeal-flag-error-reason = Опишите нарушение (от 3 до 1000 знаков).
notice-appeal-flagged = Благодарим вас: модераторы рассмотрят это резюме.
notice-appeal-flag-repeat = Вы уже сообщили о нарушении в этом резюме; ваше сообщение передано модераторам.
notice-appeal-hidden = Резюме скрыто от публичного доступа.
notice-appeal-already-hidden = Резюме уже было скрыто.
notice-appeal-shown = Резюме снова опубликовано.
notice-appeal-already-shown = Резюме уже было опубликовано.
appeal-moderate-heading = Модерация
appeal-hide-reason = Причина скрытия
appeal-hide-hint = Причина публикуется в истории обращения, а само действие — в публичном журнале аудита.
appeal-hide-submit = Скрыть резюме
appeal-show-submit = Опубликовать резюме снова
appeal-hide-error-reason = Укажите причину (от 3 до 1000 знаков).
moderation-appeals-title = Модерация резюме обращений
moderation-appeals-lead = Резюме, о нарушениях в которых сообщили читатели; сначала с наибольшим числом сообщений. Скрытие резюме закрывает сообщения о нём; каждое решение фиксируется в публичном журнале аудита.
moderation-appeals-flagged-heading = Резюме с сообщениями о нарушениях
moderation-appeals-none = Нерассмотренных сообщений нет.
moderation-appeals-flag-count = { $count ->
    [one] { $count } сообщение
    [few] { $count } сообщения
   *[many] { $count } сообщений
}
moderation-appeals-reasons = Указанные причины
moderation-appeals-hidden-heading = Скрытые резюме
moderation-appeals-hidden-none = Скрытых резюме нет.
moderation-appeals-hidden-caption = Недавно скрытые резюме, сначала последние
moderation-appeals-col-reason = Причина
moderation-appeals-col-action = Действие
audit-action-appeal-summary_hidden = Скрыто публичное резюме обращения
audit-action-appeal-summary_shown = Публичное резюме обращения опубликовано снова
