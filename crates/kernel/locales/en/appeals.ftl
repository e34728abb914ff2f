# Appeals and complaints (crates/portals/dialogue)
nav-appeals = Appeals
appeals-title = Appeals and complaints
appeals-lead = Write to any government body. The law obliges it to answer by a deadline, and you can watch the deadline run.
appeals-file = File an appeal
appeals-mine = My appeals
appeals-mine-none = You have not filed any appeals yet.
appeals-table-caption = Appeals
appeals-rules-heading = Legal periods
appeals-rule-answer = Answer to an appeal
appeals-rule-information = Answer to a request for information
appeals-rule-redirect = Forwarding to the competent body
appeals-rule-extension = Longest extension in total
appeals-rule-complaint = Decision on a complaint about an answer
appeals-rules-calendar = Working days are counted by the official calendar:
appeals-privacy-heading = Privacy
appeals-privacy-text = Your appeal is private: only you, the officials who answer it and their supervisors can read it. If you allow it, an anonymised summary without your name is published.
period-working-days = { $n } working days
period-calendar-days = { $n } calendar days
period-months = { $n ->
    [one] { $n } month
   *[other] { $n } months
}
appeal-new-title = New appeal
appeal-anonymous-heading = Sign in to file an appeal
appeal-anonymous-refused = Anonymous appeals are not considered: the Administrative Procedure Code requires an appeal to state the applicant's name and address for the answer. Sign in or create an account; your name is never published.
appeal-pick-body-lead = Choose the body you are writing to. If it turns out not to be competent, it must forward your appeal to the right body within the legal period and tell you.
appeal-pick-body-next = Continue
appeal-pick-body-directory = Not sure which body? Browse the directory:
appeal-new-to = To:
appeal-new-change-body = choose another body
appeal-new-legal = A body may not refuse to accept an appeal. You will get a receipt with the registration number and the due date.
appeal-errors-prefix = Error:
appeal-field-body = Body
appeal-field-kind = Kind
appeal-field-kind-hint = An application asks for something; a complaint says a right was violated; a proposal suggests an improvement.
appeal-field-category = Category
appeal-category-none = Other / not sure
appeal-field-lang = Language of the appeal
appeal-field-lang-hint = The body answers in this language.
appeal-field-subject = Subject
appeal-field-text = Text of the appeal
appeal-field-text-hint = At most { $max } characters.
appeal-place-legend = Place (optional)
appeal-place-hint = Where the problem is, if it has a place.
appeal-field-address = Address
appeal-field-lat = Latitude
appeal-field-lon = Longitude
appeal-files-legend = Attachments
appeal-files-kept = Already attached:
appeal-field-files = Add files
appeal-field-files-hint = Up to { $max } files of at most { $mb } MB each: PDF, images or office documents.
appeal-public-legend = Public summary
appeal-field-public = Allow an anonymised summary of this appeal to be published
appeal-field-summary = Summary for the public
appeal-field-summary-hint = Without names, phone numbers or addresses of people. The subject and this summary are shown; your text is not.
appeal-submit = Send the appeal
appeal-kind-application = Application
appeal-kind-complaint = Complaint
appeal-kind-proposal = Proposal
appeal-kind-information_request = Request for information
appeal-kind-feedback = Feedback
appeal-kind-complaint_about_answer = Complaint about an answer
appeal-status = Status
appeal-status-registered = Registered
appeal-status-assigned = Assigned
appeal-status-in_progress = In progress
appeal-status-answered = Answered
appeal-status-closed = Closed
appeal-status-withdrawn = Withdrawn
appeal-outcome = Decision
appeal-outcome-satisfied = Satisfied
appeal-outcome-partly_satisfied = Partly satisfied
appeal-outcome-refused = Refused
appeal-error-body = Choose a body from the list.
appeal-error-kind = Choose the kind of appeal.
appeal-error-category = Choose a category of this body.
appeal-error-lang = Choose Kazakh, Russian or English.
appeal-error-subject-empty = Write a subject.
appeal-error-subject-long = The subject must be one line of at most { $max } characters.
appeal-error-text-short = Write the text of the appeal (at least 10 characters).
appeal-error-text-long = The text must be between 10 and { $max } characters.
appeal-error-address = The address must be at most { $max } characters.
appeal-error-location = Give both latitude and longitude as numbers (latitude −90 to 90, longitude −180 to 180), or neither.
appeal-error-summary = The summary must be at most { $max } characters.
appeal-error-file-too-large = { $name } is larger than { $max } MB.
appeal-error-file-empty = { $name } is empty.
appeal-error-file-type = { $name } is not a PDF, an image or an office document.
appeal-error-too-many-files = At most { $max } files can be attached.
appeal-error-daily-limit = You have filed { $limit } appeals today, the most allowed per day. Your text is kept; please send it tomorrow.
appeal-error-state = This appeal is in a state that does not allow this step.
appeal-error-not-open = This appeal is no longer open.
appeal-error-already-started = Work on this appeal has already started.
appeal-error-assignee = Choose a responder or the head of this body.
appeal-error-reason = Give the reason.
appeal-error-outcome = Choose the decision.
appeal-error-answer-text = Write the answer (10 to 20,000 characters).
appeal-error-how-to-appeal = Say how the applicant can appeal against a refusal or partial satisfaction.
appeal-error-date = Give the date as YYYY-MM-DD.
appeal-error-rating = Choose a rating from 1 to 5.
appeal-error-comment = The comment must be at most 2,000 characters.
appeal-error-rated = You have already rated this answer.
appeal-error-not-answered = This appeal has not been answered yet.
appeal-error-note = Write a note of at most 5,000 characters.
appeal-complaint-subject = Complaint about the answer to { $number }
appeal-back = Back to the list
appeal-overdue = Overdue
appeal-answered-late = Answered late
appeal-received = Received
appeal-registered-on = Registered on
appeal-due = Due date
appeal-location = Coordinates
appeal-public = Public summary
appeal-public-yes = Allowed
appeal-public-no = Not allowed
appeal-parent = Complaint about
appeal-text-heading = Text
appeal-answer-heading = Answer
appeal-how-to-appeal = How to appeal
appeal-how-to-appeal-hint = Required when the appeal is refused or partly satisfied.
appeal-complaints-heading = Complaints about the answer
appeal-timeline-heading = Timeline
appeal-internal = internal
appeal-event-registered = Registered
appeal-event-assigned = Assigned to a responder
appeal-event-in_progress = Work started
appeal-event-answered = Answered
appeal-event-redirected = Forwarded to the competent body
appeal-event-extended = Deadline extended by the head's decision
appeal-event-withdrawn = Withdrawn by the applicant
appeal-event-rated = Answer rated
appeal-event-complained = Complaint filed about the answer
appeal-event-note = Internal note
appeal-event-hidden = Public summary hidden by a moderator
appeal-event-shown = Public summary shown again
appeal-detail-due = Due date: { $date }
appeal-detail-redirected = To: { $body }; due date: { $date }
appeal-detail-rating = Rating: { $rating } of 5
appeal-withdraw-heading = Withdraw the appeal
appeal-withdraw = Withdraw
appeal-rate-heading = Rate the answer
appeal-rate-legend = How satisfied are you with the answer? (1 – not at all, 5 – fully)
appeal-rate-comment = Comment (optional)
appeal-rate-submit = Send the rating
appeal-complain-heading = Complain about the answer
appeal-complain-lead = The complaint goes to the superior body, which must decide it within the legal period.
appeal-complain-text = What is wrong with the answer
appeal-complain-submit = Send the complaint
appeal-work-heading = Work on the appeal
appeal-assign-heading = Responder
appeal-assignee = Responder
appeal-assign = Assign
appeal-take = Take it
appeal-start = Start work
appeal-answer-form-heading = Answer
appeal-template = Answer template
appeal-template-use = Insert
appeal-answer-text = Answer text (in { $lang })
appeal-answer-submit = Send the answer
appeal-redirect-heading = Forward to the competent body
appeal-redirect-to = Competent body
appeal-reason = Reason
appeal-redirect-submit = Forward
appeal-extend-heading = Extend the deadline
appeal-extend-hint = Only by the head's reasoned decision, at most two months in total; the applicant is told.
appeal-extend-until = New due date
appeal-extend-submit = Extend
appeal-note-heading = Internal notes
appeal-note-hint = Seen by officials only, never by the applicant.
appeal-note-text = Note
appeal-note-submit = Add the note
appeal-receipt-title = Receipt
appeal-receipt-lead = Your appeal has been registered.
appeal-receipt-number = Registration number
appeal-receipt-mail = The receipt has also been sent to your email. Keep the number: it identifies your appeal.
appeal-receipt-open = Open the appeal
notice-appeal-assign = The appeal has been assigned.
notice-appeal-start = Work has started.
notice-appeal-answer = The answer has been sent to the applicant.
notice-appeal-redirect = The appeal has been forwarded and the applicant told.
notice-appeal-extend = The deadline has been extended and the applicant told.
notice-appeal-withdraw = Your appeal has been withdrawn.
notice-appeal-rate = Thank you for rating the answer.
notice-appeal-note = The note has been added.
notice-workspace-assigned = The chosen appeals have been assigned.
notice-template-created = The template has been saved.
notice-template-deleted = The template has been deleted.
workspace-title = Appeals workspace
workspace-show = Show
workspace-counts = Open: { $open } · overdue: { $overdue } · unassigned: { $unassigned }
workspace-views-label = Queue views
workspace-view-open = Open
workspace-view-due_soon = Due within 3 working days
workspace-view-overdue = Overdue
workspace-view-unassigned = Unassigned
workspace-view-all = All
workspace-any = Any
workspace-filter = Filter
workspace-empty = Nothing here.
workspace-choose = Choose
workspace-unassigned = nobody yet
workspace-assign-chosen = Assign the chosen appeals to
workspace-overdue-below = Overdue in subordinate bodies
workspace-error-none-chosen = Choose at least one appeal.
templates-title = Answer templates
templates-none = No templates yet.
templates-delete = Delete
templates-new = New template
templates-field-title = Title
templates-field-text = Text
templates-save = Save the template
template-error-title = Give a title of at most 200 characters.
template-error-text = The text must be between 10 and 20,000 characters.
error-multipart = The form could not be read. Send it again from the page.
error-encoding = The form contains text that is not UTF-8.
mail-appeal-filed-subject = Appeal { $number } registered
mail-appeal-filed-body = Hello, { $name }.

    Your appeal has been registered by { $body }.
    Registration number: { $number }
    Registered on: { $registered }
    Due date: { $due }

    Follow it here: { $link }
mail-appeal-assigned-subject = Appeal { $number }: a responder has been assigned
mail-appeal-assigned-body = Hello, { $name }.

    A responder has been assigned to your appeal { $number }.

    { $link }
mail-appeal-in_progress-subject = Appeal { $number }: work has started
mail-appeal-in_progress-body = Hello, { $name }.

    Work on your appeal { $number } has started.

    { $link }
mail-appeal-answered-subject = Appeal { $number }: answered
mail-appeal-answered-body = Hello, { $name }.

    Your appeal { $number } has been answered. Decision: { $outcome }.
    Read the answer, rate it, or complain about it here: { $link }
mail-appeal-redirected-subject = Appeal { $number } forwarded to { $body }
mail-appeal-redirected-body = Hello, { $name }.

    Your appeal { $number } has been forwarded to the competent body: { $body }.
    Reason: { $reason }
    New due date: { $due }

    { $link }
mail-appeal-extended-subject = Appeal { $number }: deadline extended
mail-appeal-extended-body = Hello, { $name }.

    By the head's decision the deadline for your appeal { $number } has been extended to { $due }.
    Reason: { $reason }

    { $link }
mail-appeal-withdrawn-subject = Appeal { $number } withdrawn
mail-appeal-withdrawn-body = Hello, { $name }.

    Your appeal { $number } has been withdrawn at your request.

    { $link }
mail-appeal-summary_hidden-subject = Appeal { $number }: public summary hidden
mail-appeal-summary_hidden-body = Hello, { $name }.

    A moderator has hidden the public summary of your appeal { $number }. The appeal itself is not affected and will be answered as before.
    Reason: { $reason }

    { $link }
mail-appeal-summary_shown-subject = Appeal { $number }: public summary shown again
mail-appeal-summary_shown-body = Hello, { $name }.

    A moderator has published the summary of your appeal { $number } again.

    { $link }
