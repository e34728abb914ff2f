# Government bodies: public pages, open data, administration (crate opengov-bodies).

## Kinds of bodies

body-kind-government = Government
body-kind-ministry = Ministry
body-kind-agency = Agency
body-kind-committee = Committee
body-kind-region = Region
body-kind-city = City
body-kind-district = District
body-kind-rural_district = Rural district

## The list of bodies

bodies-title = Government bodies
bodies-lead = Every ministry, agency, akimat and rural district: whom it reports to, who heads it and how to reach it.
bodies-filter-label = Find a body
bodies-search-label = Name contains
bodies-search-hint = In Kazakh, Russian or English; capital letters do not matter.
bodies-kind-label = Kind of body
bodies-kind-all = All kinds
bodies-filter-submit = Show
bodies-filter-reset = Show all bodies
bodies-tree-heading = Structure
bodies-matched-count = { $count ->
    [0] No bodies match.
    [one] { $count } body matches; the bodies above it are shown for context.
   *[other] { $count } bodies match; the bodies above them are shown for context.
}
bodies-empty = No bodies to show.
bodies-downloads-heading = Download the data
bodies-download-csv = All bodies as CSV
bodies-download-json = All bodies as JSON (API)
bodies-manage-link = Manage bodies
bodies-error-unknown-kind = Unknown kind of body “{ $kind }”. Use one of: government, ministry, agency, committee, region, city, district, rural_district.

## The page of one body

body-breadcrumb-label = Breadcrumbs
body-inactive = No longer active
body-facts-heading = About the body
body-kind = Kind
body-parent = Reports to
body-parent-none = None (top level)
body-head = Head
body-not-given = Not given
body-address = Address
body-email = Email
body-phone = Phone
body-website = Website
body-bin = BIN
body-code = Code
body-children-heading = Subordinate bodies
body-children-none = This body has no subordinate bodies.
body-officials-heading = Officials on the platform
body-officials-none = No officials are registered for this body yet.
body-officials-caption = Officials of this body and their roles
body-officials-col-name = Name
body-officials-col-roles = Roles
body-data-heading = Data and accountability
body-data-json = This body as JSON
body-audit-link = Actions recorded in the audit log
body-admin-heading = Administration
body-admin-edit = Edit this body
body-admin-officials = Manage officials

## Validation of the body form

body-error-code-required = Enter a code.
body-error-code-format = Use at most 40 Latin letters, digits, underscores or hyphens.
body-error-code-taken = Another body already has this code.
body-error-slug-format = Use lower-case Latin letters, digits and single hyphens, with at least one letter (for example mf-src).
body-error-slug-taken = Another body already has this web address.
body-error-kind = Choose a kind of body.
body-error-parent = Choose the superior body from the list.
body-error-parent-cycle = A body cannot report to itself or to one of its subordinate bodies.
body-error-name-required = Enter the name in at least one language.
body-error-too-long = Too long: at most { $max } characters.
body-error-control-chars = Remove the invisible control characters from this text.
body-error-email = Enter an email address like info@example.kz.
body-error-phone = Enter a phone number using digits, spaces, +, - and brackets.
body-error-website = Enter a full address starting with https://.
body-error-bin = A BIN is exactly 12 digits; leave it empty if it is not known.

## Administration of bodies

admin-bodies-title = Manage government bodies
admin-bodies-lead = Create bodies, correct their details and decide who may act for them. Every change is recorded in the public audit log.
admin-bodies-new-link = Add a body
admin-bodies-table-caption = { $count ->
    [one] { $count } body, in the order of the structure
   *[other] { $count } bodies, in the order of the structure
}
admin-bodies-col-name = Name
admin-bodies-col-code = Code
admin-bodies-col-kind = Kind
admin-bodies-col-parent = Reports to
admin-bodies-col-status = Status
admin-bodies-col-actions = Actions
admin-bodies-col-role = Role
admin-bodies-active = Active
admin-bodies-edit = Edit
admin-bodies-officials = Officials
admin-bodies-back = All bodies
admin-bodies-new-title = New government body
admin-bodies-edit-title = Edit: { $name }
admin-bodies-view-public = View the public page
admin-bodies-officials-link = Officials of this body
admin-bodies-form-intro = Fill in the texts in every language you can; where a translation is missing, pages show another language.
admin-bodies-errors-title = There is a problem
admin-bodies-errors-title-prefix = Error:
admin-bodies-group-identity = Identity and place in the structure
admin-bodies-group-contacts = Contacts and registration
admin-bodies-field-code = Code
admin-bodies-hint-code = A short permanent identifier, for example MF or MF_SRC.
admin-bodies-field-slug = Web address
admin-bodies-hint-slug = Used in the address /bodies/…; leave it empty to derive it from the code.
admin-bodies-field-kind = Kind of body
admin-bodies-field-parent = Reports to
admin-bodies-hint-parent = The superior body; complaints against this body's answers go to it.
admin-bodies-parent-none = None (top level)
admin-bodies-field-active = Active (shown in lists)
admin-bodies-field-name = Name
admin-bodies-hint-name = The full official name.
admin-bodies-field-description = Description
admin-bodies-field-head = Head's name
admin-bodies-hint-head = First name and surname, as published.
admin-bodies-field-address = Address
admin-bodies-field-email = Email
admin-bodies-field-phone = Phone
admin-bodies-field-website = Website
admin-bodies-hint-website = A full address, for example https://www.gov.kz/…
admin-bodies-field-bin = BIN
admin-bodies-hint-bin = Business identification number: 12 digits.
admin-bodies-lang-kk = In Kazakh
admin-bodies-lang-ru = In Russian
admin-bodies-lang-en = In English
admin-bodies-save = Save
admin-bodies-officials-title = Officials: { $name }
admin-bodies-officials-heading = Roles held in this body
admin-bodies-officials-caption = People who act for this body, one row per role
admin-bodies-revoke = Revoke
admin-bodies-grant-heading = Grant a role
admin-bodies-grant-email = Email address of the account
admin-bodies-grant-email-hint = The person must already have an account on the platform.
admin-bodies-grant-role = Role
admin-bodies-grant-submit = Grant the role
admin-bodies-error-email-required = Enter the email address of an account.
admin-bodies-error-user-unknown = No active account has this email address.
admin-bodies-error-role = Choose a role from the list.
admin-bodies-error-role-needs-body = This role is held in a government body; choose the body.
admin-bodies-error-role-is-global = This role applies to the whole platform and cannot be held in a body.
admin-bodies-error-bad-revoke = The role to revoke was not recognised. Reload the page and try again.

## Notices after a change

notice-body-saved = The body has been saved.
notice-role-granted = The role has been granted.
notice-role-revoked = The role has been revoked.
notice-role-unchanged = Nothing changed: the role was already like that.

## Audit log actions

audit-action-body-create = Body created
audit-action-body-update = Body updated
audit-action-role-grant = Role granted
audit-action-role-revoke = Role revoked
