# Учётные записи: регистрация, вход, восстановление, профиль, токены и письма.
account-title = Личный кабинет
account-display-name = Имя
account-display-name-hint = Отображается рядом с тем, что вы публикуете на платформе; от 2 до 80 символов.
account-display-name-invalid = Введите имя длиной от 2 до 80 символов.
account-email = Электронная почта
account-email-invalid = Введите адрес электронной почты, например name@example.kz.
account-password = Пароль
account-password-hint = Не менее { $min } { $min ->
    [one] символа
   *[other] символов
}. Несколько не связанных между собой слов — надёжный пароль.
account-password-confirm = Повторите пароль
account-password-mismatch = Пароли не совпадают.
account-password-too-short = Пароль должен содержать не менее { $min } { $min ->
    [one] символа
   *[other] символов
}.
account-password-too-long = Пароль должен содержать не более 256 символов.
account-password-common = Этот пароль — один из самых распространённых, его легко подобрать. Выберите другой.
account-password-identity = Пароль не должен содержать ваше имя или адрес электронной почты.
account-password-repetitive = В пароле слишком мало разных символов. Выберите другой.
account-signup-title = Регистрация
account-signup-lead = Одна учётная запись для всех разделов платформы. Мы отправим вам ссылку для подтверждения адреса электронной почты.
account-signup-button = Зарегистрироваться
account-have-account = Уже есть учётная запись?
account-no-account = Ещё нет учётной записи?
account-check-email-title = Проверьте электронную почту
account-check-email = Мы отправили письмо на адрес { $email }. Перейдите по ссылке в нём, чтобы подтвердить адрес. Если письма нет, проверьте папку «Спам».
account-confirm-title = Подтверждение адреса электронной почты
account-confirm-lead = Нажмите кнопку, чтобы подтвердить адрес электронной почты.
account-confirm-button = Подтвердить адрес
account-confirmed-title = Адрес подтверждён
account-confirmed = Ваш адрес электронной почты подтверждён. Спасибо.
account-go-profile = Перейти в личный кабинет
account-link-invalid = Ссылка недействительна или срок её действия истёк. Запросите новую.
account-signin-title = Вход в систему
account-signin-button = Войти
account-signin-failed = Неверный адрес электронной почты или пароль. Проверьте их и повторите попытку.
account-forgot = Забыли пароль?
account-reset-title = Восстановление пароля
account-reset-lead = Введите адрес электронной почты вашей учётной записи, и мы отправим ссылку для выбора нового пароля.
account-reset-button = Отправить ссылку
account-reset-sent = Если адрес { $email } привязан к учётной записи, мы отправили на него ссылку для выбора нового пароля.
account-new-password-title = Выбор нового пароля
account-new-password-lead = После этого будет выполнен выход на всех устройствах, и вы сможете войти с новым паролем.
account-new-password = Новый пароль
account-new-password-button = Сохранить новый пароль
account-current-password = Текущий пароль
account-current-password-wrong = Текущий пароль указан неверно.
account-change-password = Сменить пароль
account-email-confirmed = подтверждён
account-email-unconfirmed = не подтверждён
account-resend-confirmation = Отправить ссылку для подтверждения ещё раз
account-identity = Личность
account-identity-verified = подтверждена
account-identity-unverified = не подтверждена
account-verify-with = Подтвердить личность через { $provider }
account-roles = Роли
account-roles-citizen = Гражданин.
account-tokens = API-токены
account-tokens-lead = Токен позволяет программам работать с API от вашего имени. Храните его в секрете и отзовите, когда он станет не нужен.
account-token-name = Название токена
account-token-name-hint = Для чего нужен токен, например «сборщик данных».
account-token-name-invalid = Введите название длиной от 1 до 80 символов.
account-token-too-many = У вас 20 активных токенов. Чтобы создать новый, отзовите один из них.
account-token-create = Создать токен
account-token-created = Новый токен показан ниже только один раз. Скопируйте его сейчас и храните в надёжном месте.
account-token-copy = Копировать
account-token-copied = Скопировано
account-token-prefix = Начинается с
account-token-created-at = Создан
account-token-last-used = Последнее использование
account-token-never = не использовался
account-token-state = Состояние
account-token-revoke = Отозвать
account-token-revoked = отозван
account-notifications = Уведомления
account-notifications-empty = Уведомлений пока нет.
account-notification-open = Открыть
notice-confirmation-sent = Мы отправили новую ссылку для подтверждения.
notice-password-changed = Пароль изменён. Выполнен выход из остальных сеансов.
notice-password-reset = Пароль изменён. Теперь вы можете войти с новым паролем.
notice-token-revoked = Токен отозван.

mail-confirm-subject = Подтвердите адрес электронной почты
mail-confirm-body =
    Здравствуйте, { $name }!

    Кто-то, вероятно вы, создал учётную запись на платформе «Открытое правительство» с этим адресом.
    Чтобы подтвердить его, откройте эту ссылку в течение { $hours } { $hours ->
        [one] часа
       *[other] часов
    }:

    { $link }

    Если это были не вы, просто проигнорируйте это письмо — ничего не произойдёт.
mail-already-subject = У вас уже есть учётная запись
mail-already-body =
    Здравствуйте, { $name }!

    Кто-то попытался создать учётную запись на платформе «Открытое правительство» с этим адресом, но она у вас уже есть.
    Войти: { $signin }
    Забыли пароль? Выберите новый: { $reset }

    Если это были не вы, просто проигнорируйте это письмо.
mail-reset-subject = Выберите новый пароль
mail-reset-body =
    Здравствуйте, { $name }!

    Чтобы выбрать новый пароль для учётной записи на платформе «Открытое правительство», откройте эту ссылку в течение { $hours } { $hours ->
        [one] часа
       *[other] часов
    }:

    { $link }

    Если вы этого не запрашивали, просто проигнорируйте это письмо — ваш пароль останется прежним.
mail-password-changed-subject = Ваш пароль изменён
mail-password-changed-body =
    Здравствуйте, { $name }!

    Пароль вашей учётной записи на платформе «Открытое правительство» только что был изменён.
    Если это были не вы, немедленно выберите новый пароль: { $reset }
account-verify-provider-failed = Не удалось связаться с провайдером идентификации, или его ответу нельзя доверять. Попробуйте позже.
account-verify-cancelled = Подтверждение личности отменено у провайдера идентификации.
account-verify-expired = Срок этого подтверждения истёк, или оно уже использовано. Начните заново в личном кабинете.
account-verify-taken = Эта личность уже подтверждает другую учётную запись.
account-verified-title = Личность подтверждена
account-verified = Ваша личность подтверждена провайдером идентификации.
audit-action-account-identity_verified = Личность подтверждена
