# Portfolio, capacity requests, share links, audit log, help pages, the conflict page.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The portfolio (/portfolio)

portfolio-title = Portfolio
portfolio-heading = Portfolio capacity
portfolio-all-organisations = All organisations
portfolio-role = Role
portfolio-any-role = Any role
portfolio-from = From
portfolio-months = Months
portfolio-under-threshold = Under-allocated below
portfolio-show = Show
portfolio-intro = { $scope }: person-months per month. Capacity counts each visible person's working days, hours and FTE; allocated is what their assignments take; EST demand is what visible projects (except rejected ones) plan for the organisation; the gap is capacity − EST demand. An organisation's figures include its child organisations. The role filter keeps the people who hold that role in an assignment; EST demand is not planned per role, so it stays as it is.
portfolio-heatmap = Organisations by month
portfolio-heat-intro = Allocated is coloured by its share of capacity:
portfolio-heat-over = over 100 %
portfolio-heat-under = below { $percent } %
portfolio-heat-gap = a negative gap is red.
portfolio-no-organisations = No organisations to show.
portfolio-people = { $count } { $count ->
    [one] person
   *[other] people
    }
portfolio-capacity = Capacity
portfolio-allocated = Allocated
portfolio-est-demand = EST demand
portfolio-gap = Gap
portfolio-share-of-capacity = { $percent } % of capacity
portfolio-no-capacity = no capacity
portfolio-demand-exceeds = EST demand exceeds capacity
portfolio-person = Person
portfolio-period = Period
portfolio-projects = Projects
portfolio-over-heading = Over-allocated people
portfolio-over-intro = Allocated above 100 % of their capacity in at least one month. Open a project's team to change the allocation.
portfolio-over-more = Showing the { $shown } most over-allocated of { $total }; choose an organisation to see the others.
portfolio-over-none = Nobody is over-allocated in these months.
portfolio-under-heading = Under-allocated people
portfolio-under-intro = Allocated below { $percent } % of their capacity over the whole period.
portfolio-under-more = Showing the { $shown } least allocated of { $total }; choose an organisation to see the others.
portfolio-under-none = Nobody is under-allocated in these months.
portfolio-bad-organisation = “{ $value }” is not an organisation.
portfolio-bad-role = “{ $value }” is not a role.
portfolio-bad-months = “{ $value }” months: choose 3, 6, 12 or 24.
portfolio-bad-under = “{ $value }” is not a threshold: use a whole percentage from 0 to 100.
# The download's header row and measures.
portfolio-csv-organisation = Organisation
portfolio-csv-people = People
portfolio-csv-measure = Measure
portfolio-csv-capacity = Capacity PM
portfolio-csv-allocated = Allocated PM
portfolio-csv-est-demand = EST demand PM
portfolio-csv-gap = Gap PM

## The portfolio's chart

chart-aria = Capacity, allocation and EST demand per month
chart-capacity = Capacity
chart-allocated = Allocated
chart-est-demand = EST demand
chart-unit = PM per month
chart-bar-title = { $month }: capacity { $capacity }, allocated { $allocated }, EST demand { $demand } PM

## Capacity requests: Incoming and Sent (/capacity-requests)

requests-title-incoming = Incoming capacity requests
requests-title-sent = Sent capacity requests
requests-heading = Capacity requests
requests-intro = Organisations of one legal entity ask each other for person-months. Incoming are requests to { $scope }; Sent are requests by them. Requests are made from a project's capacity demand page.
requests-intro-children = Organisations of one legal entity ask each other for person-months. Incoming are requests to { $scope } and the organisations below; Sent are requests by them. Requests are made from a project's capacity demand page.
requests-box = Box
requests-incoming = Incoming
requests-sent = Sent
requests-incoming-pending = Incoming ({ $count } pending)
requests-sent-pending = Sent ({ $count } pending)
requests-include-children = include child organisations
requests-state = State
requests-any-state = Any state
requests-my-organisations = My organisations
requests-all-organisations-lower = all organisations
requests-show = Show
requests-only-project = Only requests of { $code }.
requests-this-project = this project
requests-all-projects = Show all projects
requests-back-to-demand = Back to its capacity demand
requests-none-incoming = No requests to { $scope } match these filters.
requests-none-incoming-children = No requests to { $scope } or the organisations below match these filters.
requests-none-sent = No requests sent by { $scope } match these filters.
requests-none-sent-children = No requests sent by { $scope } or the organisations below match these filters.
requests-tick-children = Tick “include child organisations” to see those of the organisations below.
requests-caption-incoming = Incoming capacity requests, pending first
requests-caption-sent = Sent capacity requests, pending first
requests-project = Project
requests-from = From
requests-to = To
requests-months = Months
requests-sent-at = Sent
requests-decided-at = Decided
requests-by = by { $name }
requests-answer = Answer
requests-open = Open
requests-bad-box = Unknown box "{ $value }": use incoming or sent.
requests-bad-state = Unknown state "{ $value }": use pending, accepted, rejected or withdrawn.
requests-bad-organisation = "{ $value }" is not an organisation id.
# The download's header row.
requests-csv-project = Project
requests-csv-project-name = Project name
requests-csv-from = From
requests-csv-to = To
requests-csv-total = Total PM
requests-csv-first-month = First month
requests-csv-last-month = Last month
requests-csv-state = State
requests-csv-sent = Sent
requests-csv-sent-by = Sent by
requests-csv-decided = Decided
requests-csv-decided-by = Decided by
requests-csv-message = Message
requests-csv-comment = Comment

## The states of a request

request-state-pending = pending
request-state-accepted = accepted
request-state-rejected = rejected
request-state-withdrawn = withdrawn

## Asking for capacity (/projects/{id}/capacity-requests/new)

request-new-title = { $code } · request capacity
request-capacity-crumb = Capacity
request-new-heading = Request capacity from another organisation
request-new-poo = { $poo } owns this project and asks another organisation of the same legal entity for person-months (PM) per task and month.
request-new-intro = The organisation you ask finds the request under Requests › Incoming. If it accepts, the PM are added to its EST demand of this project and it becomes a partner of the project; if it rejects, you see its comment under Sent.
request-back-to-demand = Back to the capacity demand
request-nothing-sent = Nothing was sent
request-organisation-to-ask = Organisation to ask
request-choose = — choose —
request-message = Message
request-message-placeholder = What the work is, which skills it needs, whom to contact
request-grid-heading = PM asked per task and month
request-grid-hint = Enter person-months where you need them; empty cells ask for nothing. Months before the current month cannot be asked for.
request-task = Task
request-wp-header = WP { $number } — { $name }
request-cell-label = Task { $task }, { $month }
request-send = Send the request
request-cancel = Cancel
request-blocked-no-poo = { $code } has no owner organisation (POO) yet, so it cannot ask another organisation. Set one on the project's edit page.
request-blocked-no-candidates = No other organisation belongs to the same legal entity (root organisation) as { $poo }; capacity can only be requested within one legal entity.
request-blocked-no-tasks = { $code } has no tasks yet; requests ask for PM per task. Add tasks first.
request-blocked-ended = { $code } has ended: there are no months left to ask for.
request-choose-organisation = Choose the organisation to ask from the list: one of the same legal entity as { $poo }, other than { $poo } itself.
request-message-too-long = The message is longer than { $max } characters.
request-no-cells = Enter the PM you ask for in at least one cell (task × month).
# A cell of the grid: "Task 1.1, M3", then with its calendar month "Task 1.1, M3 (2030-03)".
request-cell-place = Task { $task }, M{ $month }
request-cell-place-month = { $place } ({ $label })
request-cell-no-month = The form has a cell "pm.{ $name }" that names no month.
request-cell-unknown-task = The form names a task that is not in { $code }.
request-cell-bad-month = Task { $task }: "{ $month }" is not a month.
request-cell-outside = { $place }: the project runs from M1 to M{ $duration }.
request-cell-not-a-number = { $place }: "{ $text }" is not a number of person-months.
request-cell-too-long = { $place }: a number longer than { $max } characters is not accepted.
request-cell-exponent = { $place }: "{ $text }" has an exponent: write the number out in digits.
request-cell-negative = { $place }: { $text } is negative; ask for more than 0 PM.
request-cell-too-large = { $place }: { $text } PM is more than anyone can give in a month.
request-cell-past = { $place } is in the past; ask for this month or later.

## One request (/capacity-requests/{id})

request-title = Capacity request · { $code }
request-heading = { $requesting } asks { $receiving } for { $total } PM on { $code }
request-capacity-demand = capacity demand
request-asked-by = Asked by
request-asked-by-owner = { $org } (the project owner)
request-asked-of = Asked of
request-no-message = none
request-comment = Comment
request-your-answer = Your answer
request-accept-comment = Comment (optional)
request-accept-placeholder = Who will do the work, conditions
request-accept-effect = Accepting adds these { $total } PM to { $org }'s EST demand of { $code } and makes { $org } a partner of the project.
request-accept = Accept
request-reject-comment = Reason for rejecting (required)
request-reject-placeholder = Why not, and what could work instead
request-reject = Reject
request-withdraw-heading = Withdraw
request-withdraw-comment = Why (optional)
request-withdraw = Withdraw the request
request-waiting = This request is waiting for an answer from { $org }'s editors.
request-sent-notice = Your request was sent. { $org }'s editors will find it under Requests › Incoming; you find it under Sent.
request-accepted-notice = Accepted: { $pm } PM were added to { $org }'s EST demand of { $code } ({ $cells } { $cells ->
    [one] cell
   *[other] cells
    } changed).
request-rejected-notice = Rejected. { $org } can see your comment under Sent.
request-withdrawn-notice = The request was withdrawn.
request-already-decided = This request was already { $state } ({ $date }), so it cannot be decided again. Nothing was changed.
request-accept-locked = { $code } is locked, so its demand cannot change: the request can be rejected, or accepted by a super-admin.
request-accept-past = The request asks for months that are now in the past ({ $months }), which only super-admins may change: reject it so that { $org } can send a new one.
request-comment-too-long = The comment is longer than { $max } characters. Nothing was changed.
request-only-receiving-editors = Only editors of { $org } (or of an organisation above it) may accept or reject this request. Nothing was changed.
request-only-project-editors = Only editors who may change { $code } can withdraw its requests. Nothing was changed.
request-reject-reason = Say in the comment why you reject the request, so that { $org } can plan otherwise. Nothing was changed.
# A reason above, then that nothing changed.
request-nothing-changed = { $reason } Nothing was changed.
# The database's own reason (in English) of a refused decision.
request-database-refused = The database refused: { $reason }. Nothing was changed.
