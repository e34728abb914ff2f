# Accounts: sign-up, sign-in, reset, profile, tokens and emails.
account-title = Your account
account-display-name = Name
account-display-name-hint = Shown with what you publish on the platform; 2 to 80 characters.
account-display-name-invalid = Enter a name of 2 to 80 characters.
account-email = Email
account-email-invalid = Enter an email address such as name@example.kz.
account-password = Password
account-password-hint = At least { $min } characters. A few unrelated words make a strong password.
account-password-confirm = Repeat the password
account-password-mismatch = The two passwords are different.
account-password-too-short = The password must have at least { $min } characters.
account-password-too-long = The password must have at most 256 characters.
account-password-common = This password is one of the most common ones and is easy to guess. Choose another.
account-password-identity = The password must not contain your name or email address.
account-password-repetitive = The password repeats too few characters. Choose another.
account-signup-title = Create an account
account-signup-lead = One account for every part of the platform. We will send you a link to confirm your email address.
account-signup-button = Create account
account-have-account = Already have an account?
account-no-account = No account yet?
account-check-email-title = Check your email
account-check-email = We have sent a message to { $email }. Follow the link in it to confirm your address. If you do not see it, check the spam folder.
account-confirm-title = Confirm your email address
account-confirm-lead = Press the button to confirm your email address.
account-confirm-button = Confirm my email address
account-confirmed-title = Email confirmed
account-confirmed = Your email address is confirmed. Thank you.
account-go-profile = Go to your account
account-link-invalid = This link is not valid or has expired. Ask for a new one.
account-signin-title = Sign in
account-signin-button = Sign in
account-signin-failed = The email or password is not right. Check them and try again.
account-forgot = Forgot your password?
account-reset-title = Reset your password
account-reset-lead = Enter the email address of your account and we will send you a link to choose a new password.
account-reset-button = Send the link
account-reset-sent = If an account uses { $email }, we have sent it a link to choose a new password.
account-new-password-title = Choose a new password
account-new-password-lead = After this, you will be signed out everywhere and can sign in with the new password.
account-new-password = New password
account-new-password-button = Save the new password
account-current-password = Current password
account-current-password-wrong = The current password is not right.
account-change-password = Change password
account-email-confirmed = confirmed
account-email-unconfirmed = not confirmed
account-resend-confirmation = Send the confirmation link again
account-identity = Identity
account-identity-verified = verified
account-identity-unverified = not verified
account-verify-with = Verify my identity with { $provider }
account-roles = Roles
account-roles-citizen = Citizen.
account-tokens = API tokens
account-tokens-lead = A token lets programs use the API on your behalf. Keep it secret; revoke it when it is no longer needed.
account-token-name = Token name
account-token-name-hint = What the token is for, such as "data harvester".
account-token-name-invalid = Enter a name of 1 to 80 characters.
account-token-too-many = You have 20 active tokens. Revoke one before creating another.
account-token-create = Create token
account-token-created = Your new token is shown below only once. Copy it now and keep it safe.
account-token-copy = Copy
account-token-copied = Copied
account-token-prefix = Starts with
account-token-created-at = Created
account-token-last-used = Last used
account-token-never = never
account-token-state = State
account-token-revoke = Revoke
account-token-revoked = revoked
account-notifications = Notifications
account-notifications-empty = No notifications yet.
account-notification-open = Open
notice-confirmation-sent = We have sent a new confirmation link.
notice-password-changed = Your password has been changed. Other sessions have been signed out.
notice-password-reset = Your password has been changed. You can sign in with it now.
notice-token-revoked = The token has been revoked.

mail-confirm-subject = Confirm your email address
mail-confirm-body =
    Hello, { $name }.

    Someone, probably you, created an Open Government account with this address.
    To confirm it, open this link within { $hours } hours:

    { $link }

    If it was not you, ignore this message: nothing will happen.
mail-already-subject = You already have an account
mail-already-body =
    Hello, { $name }.

    Someone tried to create an Open Government account with this address, but you already have one.
    Sign in: { $signin }
    Forgot the password? Choose a new one: { $reset }

    If it was not you, ignore this message.
mail-reset-subject = Choose a new password
mail-reset-body =
    Hello, { $name }.

    To choose a new password for your Open Government account, open this link within { $hours } hours:

    { $link }

    If you did not ask for this, ignore this message: your password stays the same.
mail-password-changed-subject = Your password has been changed
mail-password-changed-body =
    Hello, { $name }.

    The password of your Open Government account has just been changed.
    If it was not you, choose a new password now: { $reset }
account-verify-provider-failed = The identity provider could not be reached or gave an answer we cannot trust. Please try again later.
account-verify-cancelled = Identity verification was cancelled at the identity provider.
account-verify-expired = This verification has expired or was already used. Start it again from your account page.
account-verify-taken = This identity already verifies another account.
account-verified-title = Identity verified
account-verified = Your identity has been verified by the identity provider.
audit-action-account-identity_verified = Identity verified
