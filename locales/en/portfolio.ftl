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
portfolio-no-such-organisation = There is no such organisation.
portfolio-no-such-role = There is no such role.
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

## Help (/help). Paragraphs may hold markup (<strong>, <em>, <a>, <code>): the page shows them as HTML.

help-title = Help
help-what-heading = What Rediflow is for
help-what-text = Rediflow plans research projects and the people who do them. A project has work packages, tasks, milestones and deliverables; its effort is planned in person-months (PM) per month in three series: <strong>PROJPLAN</strong> (as contracted), <strong>EST</strong> (current estimate) and <strong>ACTUAL</strong> (booked). People have working time and are assigned to projects, so demand can be compared with capacity across organisations.
help-hours-heading = Hours and person-months
help-hours-text = Hours are person-months times a divisor. The divisor of a month is the first that applies of: the project's rate for the person's employee group, the project's rate, the project's default, the system rate, and finally the server default of { $hours } hours per PM.
help-sign-in-heading = Sign-in and visibility
help-sign-in-oidc = You sign in with your organisation account. Your <code>rediflow-*</code> groups decide your role (viewer, editor, admin, super-admin), which projects and people you see, and which organisations you belong to. Ask an administrator if you are missing a group.
help-sign-in-none = Sign-in is not configured on this server, so everyone acts as the same anonymous user.
help-rls-on = Row-level security in the database is <strong>on</strong>.
help-rls-off = Row-level security in the database is <strong>off</strong>.
help-people-heading = People, allocation and the portfolio
help-people-capacity = When people are planned on this server, a person's <strong>capacity</strong> in a month is their working days (Monday to Friday, minus their organisation's public holidays and their leave, within their employment) × the daily hours of their employee group × their FTE share, in hours and in PM (hours ÷ hours per PM).
help-people-team = A project's <strong>Team</strong> tab lists its assignments (person, role, allocation %, fixed or flexible, months) and the <strong>allocation grid</strong>: the PM each person gives the project per month. A month is capacity × allocation % unless someone typed a value into it; emptying the cell derives it again. Red months mean the person's allocations over all projects exceed their capacity. Below, allocation is compared with the project's EST demand per organisation. Saving works like the capacity page: only changed cells are written, and if someone saved the project in between, nothing is written and both versions are shown.
help-people-mine = <strong>My allocations</strong> (on the home page when your sign-in is linked to a person) shows your next 12 months: capacity, each project's share and what is free, in PM and hours.
help-people-portfolio = The <strong>Portfolio</strong> compares, per organisation with its child organisations and per month, the capacity of its people, their allocation (coloured by utilisation), the EST demand planned for it and the gap (capacity − demand), and lists people allocated above 100 % in any month or below the under-allocation threshold (default { $percent } %) over the period, with links to their projects' teams.
help-locked-heading = Locked data
help-locked-text = Closed projects and months before the current month are read-only, except for super-admins.
help-editing-heading = Editing people
help-editing-people = When person capacity is switched on, administrators maintain people under <a href="/people">People</a>: <strong>Add a person</strong> (a unique code, which is the sign-in username for people who log in, names, an optional email, the organisation, employment start and optional end, and optionally the user account linked to the person), and on a person's page <strong>Edit details</strong> and <strong>Delete…</strong>. Deleting a person also deletes their assignments and working time; the confirmation page says how many rows go, so setting an employment end is usually better.
help-editing-time = Working time is edited on the person's page: <strong>employee groups</strong> (the group's daily hours apply from the membership's day until the next membership), <strong>FTE periods</strong> (reduced working time; where periods overlap, the one that started last applies) and <strong>leave</strong> (first and last day included). The capacity table above shows the effect at once. <a href="/people/groups">Employee groups and leave types</a> lists each group's daily hours by date and the leave types; a group with members or a leave type still in use cannot be deleted. Every change is recorded in the audit log, and a form with a mistake changes nothing and says what to correct.
help-requests-heading = Capacity requests
help-requests-ask = When a project needs people from another department of the same legal entity, an editor of the project opens the project's <em>capacity demand</em> page and chooses <em>Request capacity from another organisation</em>: pick the organisation (only organisations under the same root as the project owner are offered), write a message, and enter the person-months (PM) needed per task and month.
help-requests-answer = The editors of the receiving organisation, and of the organisations above it, find the request under <em>Requests › Incoming</em> (tick “include child organisations” to see the requests to the organisations below yours) and accept or reject it with a comment. Accepting adds the PM to that organisation's EST demand of the project, makes it a partner of the project, and is recorded in the audit log; a rejection needs a reason. The asking side follows its requests under <em>Requests › Sent</em> and may withdraw a request while it is pending. Locked projects and months in the past cannot receive capacity, except from super-admins.
help-requests-off = Capacity requests are switched off on this server (CAPACITY_REQUESTS_ENABLED).
help-share-heading = Share links
help-share-mine = Your share links
help-share-text = Grid pages have a <em>Share this view</em> button. It makes a short, unguessable link (<code>/s/…</code>) to the page with its current filters, for example a capacity grid in hours or a person's months from a given start. Whoever opens the link must sign in and sees only what their own rights allow: a colleague without access to the project gets “page not found”. Every opening is counted; your links, their clicks and a delete button are under { $mine }. You can create at most { $limit } new links a minute.
help-share-off = Share links are switched off on this server (SHARE_URL_FEATURE).

## Share links (/share, /share/stats)

share-mine-title = Your share links
share-links = Share links
share-ready = Your link is ready
share-copy = Copy this address and send it to anyone who should see the same view:
share-opens = It opens
share-rights = Whoever opens it must sign in and sees only what their own rights allow.
share-deleted = The link was deleted; it no longer opens anything.
share-intro = A share link is a short address for a page with its filters. Use the “Share this view” button on a grid page to make one. Each time someone opens a link, its clicks go up by one.
share-intro-admins = Administrators:
share-intro-stats = statistics of all links
share-none = You have no share links yet.
share-caption = Your share links, newest first
share-link = Link
share-owner = Owner
share-title = Title
share-page = Page
share-clicks = Clicks
share-created = Created
share-last-opened = Last opened
share-actions = Actions
share-never = never
share-delete = Delete
share-stats-title = Share link statistics
share-stats-intro = Every user's links opened at least { $count } { $count ->
    [one] time
   *[other] times
    } (SHARE_URL_STATS_MIN_CLICKS), most clicked first.
share-stats-none = No link has been opened { $count } { $count ->
    [one] time
   *[other] times
    } yet.
share-stats-caption = Share links by clicks
share-stats-file = share-link-statistics
share-rate-limited = You have created { $limit } share links in the last minute, the most allowed. Wait { $seconds } seconds and try again; no link was created.
share-sign-in-first = Share links belong to a signed-in user; sign in first.
share-stats-admins-only = Only administrators see the statistics of share links.
share-not-shareable = Only a page of this site can be shared, and not the home page or a share link itself.

## The audit log (/audit) and a project's history (/projects/{id}/history)

audit-title = Audit log
audit-history-title = History
audit-history-heading = { $code } history
audit-what = What
audit-who = Who
audit-everyone = everyone
audit-from = From
audit-date-placeholder = YYYY-MM-DD
audit-none = No changes match.
audit-newest = The newest { $count } { $count ->
    [one] change
   *[other] changes
    }
audit-at-most = (at most { $limit }; narrow the filters to see older ones)
audit-when = When
audit-action = Action
audit-entity = Entity
audit-before = Before
audit-after = After
audit-action-create = create
audit-action-update = update
audit-action-delete = delete
audit-file = audit-log
audit-bad-date = The filter '{ $name }' must be a date such as 2026-03-31.
audit-admins-only = Only administrators may read the whole audit log.
# The kinds of records the log names.
audit-entity-project = project
audit-entity-work-package = work package
audit-entity-task = task
audit-entity-milestone = milestone
audit-entity-deliverable = deliverable
audit-entity-capacity-demand = capacity demand
audit-entity-role-demand = role demand
audit-entity-project-partner = project partner
audit-entity-assignment = assignment
audit-entity-allocation-override = allocation override
audit-entity-person = person
audit-entity-organisation = organisation
audit-entity-employee-group = employee group
audit-entity-employee-group-membership = employee group membership
audit-entity-fte-period = FTE period
audit-entity-leave = leave
audit-entity-leave-type = leave type
audit-entity-capacity-request = capacity request
audit-entity-lifecycle-state = lifecycle state
audit-entity-role-type = role type
audit-entity-deliverable-type = deliverable type
audit-entity-dissemination-level = dissemination level
audit-entity-allocation-group = allocation group
audit-entity-system-hour-rate = system hour rate
audit-entity-calendar = calendar
audit-entity-holiday = holiday
