# Страницы администрирования.
admin-title = Администрирование
admin-users-title = Пользователи
admin-users-search = Поиск по имени или адресу электронной почты
admin-users-none = Пользователи не найдены.
admin-users-created = Дата регистрации
admin-users-state = Состояние
admin-users-active = активна
admin-users-disabled = заблокирована
admin-users-access = Доступ
admin-users-disable = Заблокировать учётную запись
admin-users-enable = Разблокировать учётную запись
admin-bodies-link = Государственные органы
admin-role = Роль
admin-role-body = Код органа
admin-role-body-hint = Для ролей в органе (публикатор, ответственный за ответы, руководитель органа, куратор, член общественного совета). Для модератора и администратора оставьте поле пустым.
admin-role-grant = Назначить роль
admin-role-revoke = Отозвать
admin-role-unknown = Неизвестная роль.
admin-body-unknown = Органа с таким кодом нет.
admin-role-needs-body = Эта роль относится к органу: укажите код органа.
admin-role-global = Эта роль действует на всей платформе: оставьте код органа пустым.
admin-cannot-demote-self = Вы не можете снять с себя роль администратора.
admin-cannot-disable-self = Вы не можете заблокировать собственную учётную запись.
notice-user-disabled = Учётная запись заблокирована, все её сеансы завершены.
notice-user-enabled = Учётная запись разблокирована.
admin-jobs-title = Фоновые задания
admin-jobs-state = { $state ->
    [queued] в очереди
    [running] в работе
    [done] выполнено
    [failed] с ошибкой
   *[other] { $state }
}
admin-jobs-failed = Задания с ошибками
admin-jobs-failed-count = с ошибкой
admin-jobs-pending = Ожидают и выполняются
admin-jobs-none-failed = Заданий с ошибками нет.
admin-jobs-none-pending = Ожидающих заданий нет.
admin-jobs-col-kind = Тип
admin-jobs-col-attempts = Попытки
admin-jobs-col-error = Последняя ошибка
admin-jobs-col-action = Действие
admin-jobs-col-state = Состояние
admin-jobs-col-run-at = Время запуска (UTC)
admin-jobs-retry = Повторить
notice-job-retried = Задание снова поставлено в очередь.
admin-outbox-title = Исходящие
admin-outbox-lead = Письма, сформированные платформой. Почтовый сервер не настроен, поэтому письма не отправляются, а хранятся здесь.
admin-outbox-lead-smtp = Письма, сформированные платформой, и статус их доставки (отображается только в демонстрационном режиме).
admin-outbox-empty = Писем пока нет.
admin-outbox-caption = Письма, сначала новые
admin-outbox-col-time = Сформировано (UTC)
admin-outbox-col-to = Получатель
admin-outbox-col-state = Состояние
admin-outbox-col-message = Письмо
admin-outbox-card = Письма, сформированные платформой (демонстрационный режим).
