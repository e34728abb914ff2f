# Administration pages.
admin-title = Administration
admin-users-title = Users
admin-users-search = Search by name or email
admin-users-none = No users match.
admin-users-created = Registered
admin-users-state = State
admin-users-active = active
admin-users-disabled = disabled
admin-users-access = Access
admin-users-disable = Disable this account
admin-users-enable = Enable this account
admin-bodies-link = Government bodies
admin-role = Role
admin-role-body = Body code
admin-role-body-hint = For roles held in a body (publisher, responder, head, supervisor, council member). Leave empty for moderator and administrator.
admin-role-grant = Grant a role
admin-role-revoke = Revoke
admin-role-unknown = Unknown role.
admin-body-unknown = No body has this code.
admin-role-needs-body = This role is held in a body: enter the body's code.
admin-role-global = This role is platform-wide: leave the body code empty.
admin-cannot-demote-self = You cannot remove your own administrator role.
admin-cannot-disable-self = You cannot disable your own account.
notice-user-disabled = The account has been disabled and signed out.
notice-user-enabled = The account has been enabled.
admin-jobs-title = Background jobs
admin-jobs-state = { $state ->
    [queued] queued
    [running] running
    [done] done
    [failed] failed
   *[other] { $state }
}
admin-jobs-failed = Failed jobs
admin-jobs-failed-count = failed
admin-jobs-pending = Waiting and running
admin-jobs-none-failed = No job has failed.
admin-jobs-none-pending = Nothing is waiting.
admin-jobs-col-kind = Kind
admin-jobs-col-attempts = Attempts
admin-jobs-col-error = Last error
admin-jobs-col-action = Action
admin-jobs-col-state = State
admin-jobs-col-run-at = Runs at (UTC)
admin-jobs-retry = Retry
notice-job-retried = The job is queued again.
admin-outbox-title = Outbox
admin-outbox-lead = Messages the platform has written. No mail server is configured, so they are kept here instead of being sent.
admin-outbox-lead-smtp = Messages the platform has written and their delivery state (shown in demo mode only).
admin-outbox-empty = No messages yet.
admin-outbox-caption = Messages, newest first
admin-outbox-col-time = Written (UTC)
admin-outbox-col-to = To
admin-outbox-col-state = State
admin-outbox-col-message = Message
admin-outbox-card = Emails written by the platform (demo mode).
