# Planning: the capacity grid (PROJPLAN, EST, ACTUAL), role demand, the team tab and its staffing, the Policy's refusals, month and decimal input errors.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## The capacity grid (/projects/{id}/capacity)

grid-page-title = { $code } capacity
grid-heading = { $code } — { $name }: capacity demand
grid-series = Series
grid-unit-hours = Hours
series-projplan-description = the plan as contracted
series-est-description = the current estimate
series-actual-description = booked effort
grid-series-is = { $series } is { $description }.
grid-hours-explained = Hours are PM × the month's divisor (project rate, project default, system rate or server default).
grid-pm-explained = Values are person-months (PM).
grid-read-only = Read-only: { $reason }
grid-hours-read-only = Hours are shown for reading; switch to PM to edit.
grid-nothing-saved-heading = Nothing was saved
grid-chart-label = PROJPLAN, EST and ACTUAL per month
grid-chart-pm = total per month in PM
grid-chart-hours = total per month in hours
grid-request-capacity = Request capacity from another organisation
grid-requests-of = Capacity requests of { $code }
grid-caption = { $series } per task, organisation and month
grid-column-wp = WP
grid-column-task = Task
grid-column-task-name = Task name
grid-column-organisation = Organisation
grid-column-month = Month
grid-wp-header = WP { $number } — { $name }
grid-save = Save changes
grid-save-hint = Only changed cells are written. Empty means 0. Grey months lie before the current month and are history: only super-admins may change them.
grid-add-row-task = Add a row: task
grid-add-row-org = organisation
grid-add-row = Add row
grid-add-row-hint = Save your changes first: adding a row reloads the grid.
grid-saved = Saved { $count } changed { $count ->
    [one] cell
   *[other] cells
    }.
grid-conflict-message = Nothing of yours was saved: the plan changed after you opened it. Compare, then open the latest plan and enter your changes again.
grid-conflict-latest = Open the latest { $series } plan
series-unknown = Unknown series "{ $series }": use PROJPLAN, EST or ACTUAL.
series-missing = The form names no series.
grid-no-version = The form has no project version.
grid-unknown-row = The form names a task or organisation that is not in this project.
grid-month-outside = Month { $month } is outside the project.
grid-nothing-saved = Nothing was saved.
# A refused cell: its name, then why ("Task 1.1 / ORG, M3: "abc" is not a number").
grid-cell-refused = { $cell }: { $reason }
grid-cell-name = Task { $task } / { $org }, M{ $month }

## The conflict page (a save that met someone else's change first)

conflict-you-saw = You saw
conflict-saved-now = Saved now
conflict-you-wanted = You wanted
conflict-you-typed = You typed
conflict-field = Field
conflict-plan-heading = Someone else saved { $code } first
conflict-heading = Someone else changed { $what } first
conflict-edit-message = Nothing of yours was saved: { $what } changed after you opened the form. Compare, then open the latest version and enter your changes again.
conflict-delete-message = Nothing was deleted: { $what } changed after you opened the page. Look at the latest version before you decide again.
conflict-no-version = The form does not say which version of the record it showed, so nothing was changed: open the page again and make the change there.
conflict-marked = Marked: changed by someone else after you opened the page.
conflict-changed = (changed)
conflict-yes = yes
conflict-no = no

## Numbers and months typed into grids and forms

input-not-a-number = "{ $text }" is not a number
input-not-a-number-sentence = "{ $text }" is not a number.
input-number-exponent = "{ $text }" has an exponent: write the number out in digits
input-number-exponent-sentence = "{ $text }" has an exponent: write the number out in digits.
input-number-too-long = a number longer than { $max } characters is not accepted
input-number-too-long-sentence = A number longer than { $max } characters is not accepted.
input-pm-negative = { $text } is negative: person-months cannot be below 0
input-pm-too-large = { $text } is too large (at most { $max } PM)
input-percent-refused = "{ $text }" is not a percentage from 0 to { $max }.
input-hours-per-pm = Enter the hours per PM, above 0 and at most { $max }.
input-hours-per-pm-optional = Enter hours per PM above 0 and at most { $max }, or leave it empty.
input-not-a-month = “{ $text }” is not a month: use YYYY-MM.
input-not-a-month-field = "{ $text }" is not a month (YYYY-MM).

## The Policy's refusals

policy-read-only = You have read-only access: ask an administrator for the editor role.
policy-project-locked = This project is locked; only super-admins may change it.
policy-lifecycle-locked = This project is in the lifecycle state "{ $state }", which locks it; only super-admins may change it.
policy-month-past = { $month } is in the past; only super-admins may change past months.
policy-months-past = { $months } are in the past; only super-admins may change past months.
policy-month = { $month }
policy-month-span = { $first } to { $last }
policy-month-list = { $before }, { $next }

## The team tab (/projects/{id}/team)

team-page-title = { $code } team
team-heading = { $code } — { $name }: team
team-tabs = Project
team-tab-overview = Overview
team-tab-tasks = Tasks
team-tab-capacity = Capacity
team-tab-team = Team
team-tab-history = History
team-hidden-people = Some assignments belong to people outside your organisations; they count in the totals but their names are not shown.
team-hidden-person = (a person you cannot see)
team-allocation-heading = Allocation grid
team-unit = Unit
team-hours-explained = Hours per person and month: the PM × the project's hours per PM for the person's employee group (else the project's, system or server rate).
team-grid-explained-1 = PM per person and month. A month is the person's capacity × the assignment's allocation % unless it is
team-grid-explained-set = set explicitly
team-grid-explained-2 = ; type a value to set it, empty a cell to derive it again, 0 for no work that month.
team-grid-explained-red = Red
team-grid-explained-3 = months: the person's allocations over all projects exceed their capacity.
team-showing = Showing { $window }.
team-window-label = M{ $first }–M{ $last } ({ $from } – { $to }) of M1–M{ $total }
team-earlier = ← Earlier
team-later = Later →
team-window-from = From
team-window-months-label = months
team-window-all = all
team-window-months = “{ $text }” months: choose 6, 12, 24 or all.
team-show = Show
team-nobody = Nobody is assigned to this project yet.
team-nobody-add = Nobody is assigned to this project yet: add people below.
team-caption = Allocated PM per person and month
team-column-person = Person
team-column-role = Role
team-column-percent = Allocation %
team-column-group = Allocation group
team-column-group-short = Group
team-column-start = Start month
team-column-start-short = Start
team-column-end = End month
team-column-end-short = End
team-column-measure = Measure
team-over-title = Over-allocated this month
team-not-assigned = not assigned
team-save-allocation = Save allocation
team-save-hint = Only changed cells are written. Grey months are history: only super-admins may change them.
team-balance-heading = Allocation vs EST demand per organisation
team-balance-explained-pm = Allocated PM of this project's team and the EST demand of the capacity plan, per organisation and month.
team-balance-explained-hours = Allocated hours of this project's team and the EST demand of the capacity plan, per organisation and month.
team-balance-difference-1 = The difference is allocated − demand:
team-balance-below-zero = below zero
team-balance-difference-2 = the organisation has not staffed what it plans.
team-balance-empty = No EST demand and no assignments yet.
team-measure-allocated = Allocated
team-measure-demand = EST demand
team-measure-difference = Difference
# A row of the balance download: "Allocated PM", "EST demand hours".
team-measure-unit = { $measure } { $unit }
team-assignments-heading = Assignments
team-assignments-months = Months run from { $first } to { $last }. Changing an assignment's months drops its explicit values outside them.
team-no-assignments = No assignments.
team-find-label = Find people to assign
team-find-placeholder = Name, code or e-mail
team-find = Find
team-find-too-many = More than { $count } people: type part of a name, code or e-mail to choose whom to assign.
team-find-first = Showing the first { $count } matches: type more to narrow them.
team-find-matches = { $count } { $count ->
    [one] person matches
   *[other] people match
    } “{ $find }”.
team-role-of = Role of { $person }
team-percent-of = Allocation % of { $person }
team-group-of = Allocation group of { $person }
team-start-of = Start month of { $person }
team-end-of = End month of { $person }
team-save = Save
team-remove = Remove
team-person-to-assign = Person to assign
team-find-first-option = Find the person above first…
team-choose-person-option = Choose a person…
team-assign = Assign
team-assignment-added = Assignment added.
team-assignment-saved = Assignment saved.
team-assignment-removed = Assignment removed.
team-unknown-table = Unknown table "{ $table }": use allocation or balance.
team-unknown-assignment = The form names an assignment that is not in this project.
# A refused field of the assignment form: "Allocation %: "x" is not a percentage from 0 to 100."
team-field-problem = { $field }: { $problem }
# The problems of one assignment's row: "Ann Lee: Role: choose one of the listed roles."
team-person-problem = { $person }: { $problem }
team-choose-role = choose one of the listed roles.
team-choose-group = choose fixed or flexible.
team-choose-person = choose one of the listed people.
team-month-outside-project = { $month } is outside the project ({ $first } – { $last }).
team-end-before-start = End month { $end } is before the start month { $start }.
team-month-outside-assignment = M{ $month } is outside the months of { $person }'s assignment.
# A refused cell of the allocation grid: "Ann Lee, M3 (2026-10): "x" is not a number"
team-cell-refused = { $person }, M{ $month } ({ $name }): { $reason }
team-assignment-of = the assignment of { $person }
team-open-latest = Open the latest team
team-derived = derived
team-conflict-message = Nothing of yours was saved: the plan changed after you opened the allocation grid. Compare, then open the latest grid and enter your changes again.
team-conflict-latest = Open the latest allocation grid

## Role demand (/projects/{id}/role-demand)

roledemand-title = Role demand
roledemand-project = Project
roledemand-explained = Planned FTE % per role type and month (100 % is one full-time person; 250 % two and a half).
roledemand-column-role = Role type
roledemand-save-hint = Months before the current one are history (read-only).
roledemand-add-row = Add a row: role type
roledemand-stale = Someone saved this project after you opened the page, so nothing was saved. The page now shows the latest plan: make your change again.
roledemand-unknown-row = The form names a month or role type that does not exist.
roledemand-cell-name = { $role }, M{ $month }
api-demand-shape-unknown = Unknown shape "{ $shape }": use rows or grid.
api-demand-too-many-cells = One change may name at most { $max } cells: send them in parts.
api-demand-cell-number = Cell { $number }
api-demand-cell-twice = the same cell as cell { $first }; name each cell once.
