# Государственные органы: публичные страницы, открытые данные, администрирование (крейт opengov-bodies).

## Виды органов

body-kind-government = Правительство
body-kind-ministry = Министерство
body-kind-agency = Агентство
body-kind-committee = Комитет
body-kind-region = Область
body-kind-city = Город
body-kind-district = Район
body-kind-rural_district = Сельский округ

## Список органов

bodies-title = Государственные органы
bodies-lead = Все министерства, агентства, акиматы и сельские округа: кому они подчинены, кто их возглавляет и как с ними связаться.
bodies-filter-label = Поиск органа
bodies-search-label = Название содержит
bodies-search-hint = На казахском, русском или английском; заглавные и строчные буквы не различаются.
bodies-kind-label = Вид органа
bodies-kind-all = Все виды
bodies-filter-submit = Показать
bodies-filter-reset = Показать все органы
bodies-tree-heading = Структура
bodies-matched-count = { $count ->
    [0] Подходящих органов нет.
    [one] Найден { $count } орган; вышестоящие органы показаны для ориентира.
    [few] Найдено { $count } органа; вышестоящие органы показаны для ориентира.
   *[many] Найдено { $count } органов; вышестоящие органы показаны для ориентира.
}
bodies-empty = Нет органов для показа.
bodies-downloads-heading = Скачать данные
bodies-download-csv = Все органы в формате CSV
bodies-download-json = Все органы в формате JSON (API)
bodies-manage-link = Управление органами
bodies-error-unknown-kind = Неизвестный вид органа «{ $kind }». Допустимые значения: government, ministry, agency, committee, region, city, district, rural_district.

## Страница органа

body-breadcrumb-label = Навигационная цепочка
body-inactive = Больше не действует
body-facts-heading = Сведения об органе
body-kind = Вид
body-parent = Подчиняется
body-parent-none = Нет (верхний уровень)
body-head = Руководитель
body-not-given = Не указано
body-address = Адрес
body-email = Электронная почта
body-phone = Телефон
body-website = Сайт
body-bin = БИН
body-code = Код
body-children-heading = Подведомственные органы
body-children-none = У этого органа нет подведомственных органов.
body-officials-heading = Должностные лица на платформе
body-officials-none = Должностные лица этого органа пока не зарегистрированы.
body-officials-caption = Должностные лица органа и их роли
body-officials-col-name = Имя
body-officials-col-roles = Роли
body-data-heading = Данные и подотчётность
body-data-json = Этот орган в формате JSON
body-audit-link = Действия в журнале аудита
body-admin-heading = Администрирование
body-admin-edit = Изменить сведения об органе
body-admin-officials = Управлять должностными лицами

## Проверка формы органа

body-error-code-required = Укажите код.
body-error-code-format = Используйте не более 40 латинских букв, цифр, знаков подчёркивания или дефисов.
body-error-code-taken = Этот код уже занят другим органом.
body-error-slug-format = Используйте строчные латинские буквы, цифры и одиночные дефисы, хотя бы одну букву (например, mf-src).
body-error-slug-taken = Этот веб-адрес уже занят другим органом.
body-error-kind = Выберите вид органа.
body-error-parent = Выберите вышестоящий орган из списка.
body-error-parent-cycle = Орган нельзя подчинить самому себе или подведомственному ему органу.
body-error-name-required = Укажите название хотя бы на одном языке.
body-error-too-long = { $max ->
    [one] Слишком длинно: не более { $max } символа.
   *[other] Слишком длинно: не более { $max } символов.
}
body-error-control-chars = Уберите из текста невидимые управляющие символы.
body-error-email = Укажите адрес электронной почты, например info@example.kz.
body-error-phone = Укажите номер телефона: цифры, пробелы, +, - и скобки.
body-error-website = Укажите полный адрес, начинающийся с https://.
body-error-bin = БИН состоит ровно из 12 цифр; если он неизвестен, оставьте поле пустым.

## Администрирование органов

admin-bodies-title = Управление государственными органами
admin-bodies-lead = Создавайте органы, исправляйте сведения о них и решайте, кто может действовать от их имени. Каждое изменение записывается в открытый журнал аудита.
admin-bodies-new-link = Добавить орган
admin-bodies-table-caption = { $count ->
    [one] { $count } орган в порядке структуры
    [few] { $count } органа в порядке структуры
   *[many] { $count } органов в порядке структуры
}
admin-bodies-col-name = Название
admin-bodies-col-code = Код
admin-bodies-col-kind = Вид
admin-bodies-col-parent = Подчиняется
admin-bodies-col-status = Статус
admin-bodies-col-actions = Действия
admin-bodies-col-role = Роль
admin-bodies-active = Действует
admin-bodies-edit = Изменить
admin-bodies-officials = Должностные лица
admin-bodies-back = Все органы
admin-bodies-new-title = Новый государственный орган
admin-bodies-edit-title = Изменение: { $name }
admin-bodies-view-public = Открыть публичную страницу
admin-bodies-officials-link = Должностные лица органа
admin-bodies-form-intro = Заполните тексты на всех языках, на каких можете; если перевода нет, страницы покажут текст на другом языке.
admin-bodies-errors-title = Есть ошибки
admin-bodies-errors-title-prefix = Ошибка:
admin-bodies-group-identity = Идентификация и место в структуре
admin-bodies-group-contacts = Контакты и регистрация
admin-bodies-field-code = Код
admin-bodies-hint-code = Короткий постоянный идентификатор, например MF или MF_SRC.
admin-bodies-field-slug = Веб-адрес
admin-bodies-hint-slug = Используется в адресе /bodies/…; оставьте пустым, чтобы получить его из кода.
admin-bodies-field-kind = Вид органа
admin-bodies-field-parent = Подчиняется
admin-bodies-hint-parent = Вышестоящий орган; жалобы на ответы этого органа направляются ему.
admin-bodies-parent-none = Нет (верхний уровень)
admin-bodies-field-active = Действует (показывается в списках)
admin-bodies-field-name = Название
admin-bodies-hint-name = Полное официальное наименование.
admin-bodies-field-description = Описание
admin-bodies-field-head = Имя руководителя
admin-bodies-hint-head = Имя и фамилия, как они публикуются.
admin-bodies-field-address = Адрес
admin-bodies-field-email = Электронная почта
admin-bodies-field-phone = Телефон
admin-bodies-field-website = Сайт
admin-bodies-hint-website = Полный адрес, например https://www.gov.kz/…
admin-bodies-field-bin = БИН
admin-bodies-hint-bin = Бизнес-идентификационный номер: 12 цифр.
admin-bodies-lang-kk = На казахском
admin-bodies-lang-ru = На русском
admin-bodies-lang-en = На английском
admin-bodies-save = Сохранить
admin-bodies-officials-title = Должностные лица: { $name }
admin-bodies-officials-heading = Роли в этом органе
admin-bodies-officials-caption = Кто действует от имени органа, по одной строке на роль
admin-bodies-revoke = Отозвать
admin-bodies-grant-heading = Назначить роль
admin-bodies-grant-email = Адрес электронной почты учётной записи
admin-bodies-grant-email-hint = У человека уже должна быть учётная запись на платформе.
admin-bodies-grant-role = Роль
admin-bodies-grant-submit = Назначить роль
admin-bodies-error-email-required = Укажите адрес электронной почты учётной записи.
admin-bodies-error-user-unknown = Нет действующей учётной записи с таким адресом.
admin-bodies-error-role = Выберите роль из списка.
admin-bodies-error-role-needs-body = Эта роль назначается в государственном органе; выберите орган.
admin-bodies-error-role-is-global = Эта роль действует на всей платформе и не может быть назначена в органе.
admin-bodies-error-bad-revoke = Не удалось определить, какую роль отозвать. Обновите страницу и попробуйте снова.

## Уведомления после изменений

notice-body-saved = Сведения об органе сохранены.
notice-role-granted = Роль назначена.
notice-role-revoked = Роль отозвана.
notice-role-unchanged = Ничего не изменилось: роль уже была в таком состоянии.

## Действия в журнале аудита

audit-action-body-create = Создан орган
audit-action-body-update = Изменены сведения об органе
audit-action-role-grant = Назначена роль
audit-action-role-revoke = Отозвана роль
