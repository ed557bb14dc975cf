# People, organisations, users, settings (lookups, holidays, working time) and the seeded lookup names.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## People list

people-title = People
people-add = Add a person
people-all-organisations = All organisations
people-search = Name, code or email
people-show = Show
people-count = { $shown } of { $count } { $count ->
        [one] person
       *[other] people
    }.
people-none-match = Nobody matches these filters.
people-none = There are no persons yet.
people-add-first = Add the first one
people-or = , or{" "}
people-import = import a people workbook
people-column-name = Name
people-column-code = Code
people-column-organisation = Organisation
people-column-email = Email
people-column-employment = Employment
people-employment-since = since { $start }
people-employment-until = until { $end }
people-pages = Pages of the people list
people-range = People { $first }–{ $last } of { $total }
people-unknown-organisation = Unknown organisation filter.
person-notice-deleted = The person was deleted.

## Words shared by the people pages

people-optional = (optional)
people-choose = — choose —
people-none-option = — none —
people-save = Save
people-cancel = Cancel
people-delete = Delete
people-actions = Actions
people-nothing-saved = Nothing was saved: correct the fields marked below.
people-nothing-changed = Nothing was changed: { $problem }

## Person page

person-edit-details = Edit details
person-delete-link = Delete…
person-notice-added = The person was added. Add their employee group, FTE periods and leave under Working time.
person-notice-saved = The person was saved.
person-employment-open = open
person-calendar = Holiday calendar
person-calendar-none = none (no holidays are subtracted)
person-capacity-heading = Capacity { $month } onwards
person-capacity-explained = Working days are Monday to Friday minus holidays and leave, within employment; hours are the employee group's daily hours × FTE, day by day; PM = hours ÷ hours per PM. Allocated PM = capacity PM × each assignment's % within its months, unless the allocation grid set the month explicitly.
person-no-group = { $name } belongs to no employee group, so no daily hours are known and every day counts 0 hours.
person-earlier = ← Earlier
person-later = Later →
person-column-month = Month
person-column-working-days = Working days
person-column-hours = Hours
person-column-hours-per-pm = Hours per PM
person-column-capacity-pm = Capacity PM
person-column-allocated-pm = Allocated PM
person-column-free-pm = Free PM
person-assignments = Assignments
person-assignments-none = No assignments to projects you can see.
person-column-project = Project
person-column-role = Role
person-column-allocation-group = Allocation group
person-column-months = Months
person-team-link = The project's team and allocation grid

## Working time (person page)

workingtime-heading = Working time
workingtime-title = Working time of { $name }
workingtime-back = Back to { $name }
workingtime-groups = Employee groups
workingtime-groups-hint = The group sets the daily hours; a membership applies from its day until the next one.
workingtime-groups-link = Employee groups and their hours
workingtime-no-membership = None yet: every day counts 0 hours until a group is added.
workingtime-no-groups = There are no employee groups yet:
workingtime-add-one = add one first.
workingtime-none = None.
workingtime-membership = { $group } from { $from }
workingtime-remove = Remove
workingtime-remove-label = Remove { $what }
workingtime-field-group = Group
workingtime-field-from = From
workingtime-from = from
workingtime-field-first-day = First day
workingtime-field-last-day = Last day
workingtime-add-membership = Add membership
workingtime-notice-membership-added = The employee group membership was added.
workingtime-notice-membership-removed = The employee group membership was removed.
workingtime-stale-membership = this employee group membership of { $name }
workingtime-stale-latest = Open the latest working time of { $name }
fte-periods = FTE periods
fte-hint = Reduced working time. Days outside every period are full time (100 %); where periods overlap, the one that started last applies, so a new open-ended period replaces an older one from its first day.
fte-full-time = Full time throughout.
fte-period-open = { $percent } % from { $start }
fte-period = { $percent } % from { $start } to { $end }
fte-field-percent = FTE %
fte-add = Add FTE period
fte-notice-added = The FTE period was added.
fte-notice-removed = The FTE period was removed.
fte-stale-period = this FTE period of { $name }
leave-heading = Leave
leave-hint = Days of leave (first and last day included) are not working days.
leave-period = { $kind }: { $first } – { $last }
leave-no-types = There are no leave types yet:
leave-field-type = Type
leave-add = Add leave
leave-notice-added = The leave was added.
leave-notice-removed = The leave was removed.
leave-stale-leave = this leave of { $name }

## Person form

person-add-heading = Add a person
person-edit-heading = Edit { $name }
person-field-code = Code
person-field-first-name = First name
person-field-last-name = Last name
person-field-email = Email
person-field-organisation = Organisation
person-field-employment-start = Employment start
person-field-employment-end = Employment end
person-field-user = Linked user
person-code-hint = Unique. For people who sign in, their sign-in username (e.g. editor@test): they are then linked to this person on their next sign-in.
person-employment-end-hint = (optional, the last day)
person-user-hint = Users appear here after their first sign-in; a user already linked to another person is not offered. A linked user with “assigned” visibility sees this person and their projects.
person-add-submit = Add the person
person-stale-latest = Open the latest details of { $name }

## Deleting a person

person-delete-title = Delete { $code }
person-delete-heading = Delete { $name }?
person-delete-nothing-else = { $name } has no assignments and no working time: only the person is deleted.
person-delete-also = Deleting { $name } also deletes, for good:
person-delete-assignments = { $count } assignment(s)
person-delete-to-projects = to { $projects }
person-delete-overrides = , with { $count } month(s) set in the allocation grid
person-delete-memberships = { $count } employee group membership(s)
person-delete-fte-periods = { $count } FTE period(s)
person-delete-leaves = { $count } leave row(s)
person-delete-advice = A person who has left is usually better kept with an employment end date, so that past plans stay complete.
person-delete-button = Delete { $code }

## Employee groups and leave types

groups-title = Employee groups and leave types
groups-hint = A group's daily working hours apply from their day until the group's next row; a person's capacity uses the hours of the group they belong to on each day. A group with members or project hour rates cannot be deleted.
groups-none = There are no employee groups yet.
groups-members = { $count } member(s)
groups-rates = { $count } project hour rate(s)
groups-field-valid-from = Valid from
groups-field-daily-hours = Daily hours
groups-field-name = Name
groups-field-code = Code
groups-remove-hours-label = Remove { $hours } h from { $from }
groups-no-hours = No daily hours yet: members count 0 hours a day.
groups-add-hours = Add hours
groups-rename = Rename
groups-delete-group = Delete { $name }
groups-add-heading = Add an employee group
groups-add = Add a group
groups-notice-group-added = The employee group was added.
groups-notice-group-renamed = The employee group was renamed.
groups-notice-group-deleted = The employee group was deleted.
groups-notice-hours-added = The daily hours were added.
groups-notice-hours-removed = The daily hours were removed.
groups-stale-group = the employee group { $name }
groups-stale-hours = the daily hours of { $name } from { $from }
groups-stale-latest = Open the latest employee groups and leave types
leave-types = Leave types
leave-types-hint = People files refer to leave types by code, so a code does not change; the name can. A type still used by leave cannot be deleted.
leave-rows = Leave rows
leave-name-of = Name of { $code }
leave-delete-label = Delete { $code }
leave-types-none = There are no leave types yet.
leave-add-type-heading = Add a leave type
leave-add-type = Add a leave type
leave-notice-type-added = The leave type was added.
leave-notice-type-renamed = The leave type was renamed.
leave-notice-type-deleted = The leave type was deleted.
leave-stale-type = the leave type { $code }

## Person form and working time: refusals

person-refused-not-admin = Only administrators may add, change or delete people and their working time.
person-error-code-missing = Enter a code: the person's sign-in username, e.g. ada@example.org.
person-error-code-long = A code has at most { $max } characters.
person-error-code-spaces = A code has no spaces: it is the person's sign-in username, e.g. editor@test.
person-error-code-taken = Another person has the code { $code }.
person-error-code-taken-other = Another person has this code.
person-error-name-missing = Enter the person's name (first name, last name or both).
person-error-name-long = A name has at most { $max } characters.
person-error-employment-order = The employment end ({ $end }) is before the employment start ({ $start }).
person-error-email = “{ $email }” is not an email address such as ada@example.org (or leave it empty).
person-error-date-missing = Enter the { $what } as YYYY-MM-DD.
person-error-date-range = The { $what } must be between { $first } and { $last }.
person-error-date-format = “{ $text }” is not a date: enter the { $what } as YYYY-MM-DD.
person-error-number-long = A number longer than { $max } characters is not accepted.
person-error-number-exponent = "{ $text }" has an exponent: write the number out in digits.
person-error-organisation-missing = Choose the person's organisation.
person-error-organisation-unknown = Choose an organisation from the list: that one does not exist.
person-error-user-unknown = Choose a user from the list.
person-error-user-linked = That user is already linked to { $code }: a user is one person.
person-error-user-linked-other = That user is already linked to another person: a user is one person.
person-what-employment-start = employment start
person-what-employment-end = employment end
workingtime-what-membership-start = day the membership starts
workingtime-error-membership-day-taken = The person already changes employee group on that day: remove that membership first.
workingtime-error-group-unknown = Choose an employee group from the list.
fte-what-first-day = first day of the FTE period
fte-what-last-day = last day of the FTE period
fte-error-percent = “{ $text }” is not an FTE %: enter a number from 0 to 100 with at most two decimals.
fte-error-percent-missing = Enter the FTE % (0 to 100).
fte-error-order = The FTE period's last day ({ $end }) is before its first day ({ $start }).
fte-error-same-start = An FTE period already starts on { $start }: remove it first, then add the new one.
leave-what-first-day = first day of leave
leave-what-last-day = last day of leave
leave-error-order = The last day of leave ({ $last }) is before the first day ({ $first }).
leave-error-type-unknown = Choose a leave type from the list.
leave-error-duplicate = This leave ({ $code }, { $first } – { $last }) is recorded already.

## Employee groups and leave types: refusals

groups-refused-not-admin = Only administrators may change employee groups and leave types.
groups-what-hours-from = day the daily hours apply from
groups-error-hours = “{ $text }” are not daily hours: enter a number above 0 and at most 24 with at most two decimals.
groups-error-hours-missing = Enter the daily hours (above 0, at most 24).
groups-error-hours-day-taken = The group already has daily hours from that day: remove that row first.
groups-error-name-taken = Another employee group has that name.
groups-error-name-missing = Enter the employee group's name.
groups-error-has-members = { $name } still has { $count } member(s): remove their memberships on their person pages first.
groups-error-has-rates = { $name } is used by { $count } project hour rate(s): remove those on the projects first.
leave-error-code-missing = Enter a code, e.g. VAC.
leave-error-code-form = A leave type code uses letters, digits, '_' or '-', at most { $max }.
leave-error-code-taken = Another leave type has that code.
leave-error-name-missing = Enter the leave type's name.
leave-error-type-used = { $name } ({ $code }) is used by { $count } leave row(s): remove that leave on the person pages first.

## Organisations

org-none = There are no organisations yet.
org-caption = Organisations by hierarchy
org-field-short-name = Short name
org-field-name = Name
org-field-parent = Parent
org-field-country = Country
org-column-level = Level
org-parent-none = — none (a legal entity) —
org-no-parent = — none —
org-edit = Edit
org-edit-heading = Edit { $name }
org-add-heading = Add an organisation
org-add = Add
org-notice-added = The organisation was added.
org-notice-saved = The organisation was saved.
org-notice-deleted = The organisation was deleted.
org-stale-latest = Open the latest { $name }
org-refused-not-admin = Only administrators may change organisations.
org-error-short-name-missing = Enter a short name.
org-error-short-name-form = Use letters, digits, '.', '_' or '-' (it becomes the group rediflow-org-<short name>), at most { $max }.
org-error-short-name-taken = { $name } already exists.
org-error-name-missing = Enter the organisation's name.
org-error-country = Use a two-letter country code such as FI or SE.
org-error-parent-unknown = Choose an existing organisation.
org-error-parent-cycle = An organisation cannot be placed under itself or one of its own sub-organisations.
org-error-in-use = { $name } cannot be deleted while it is used: { $uses }.
org-uses-list = { $first }, { $next }
org-uses-children = { $count } { $count ->
        [one] sub-organisation
       *[other] sub-organisations
    }
org-uses-owned = { $count } { $count ->
        [one] project it owns
       *[other] projects it owns
    }
org-uses-partnered = { $count } { $count ->
        [one] project partnership
       *[other] project partnerships
    }
org-uses-people = { $count } { $count ->
        [one] person
       *[other] persons
    }
org-uses-leads = { $count } { $count ->
        [one] lead of a work package, task or deliverable
       *[other] leads of work packages, tasks or deliverables
    }
org-uses-demand = { $count } { $count ->
        [one] demand cell
       *[other] demand cells
    }

## Settings

settings-import = Import a spreadsheet
settings-audit-log = Audit log
settings-intro = Reference data used by every project. Without another rate, one person-month is { $hours } hours.
settings-notice-added = Added.
settings-notice-deleted = Deleted.
settings-notice-saved = Saved.
settings-code = Code
settings-name = Name
settings-group = Group
settings-country = Country
settings-add = Add
settings-yes = yes
settings-no = no
settings-name-of = Name of { $code }
settings-group-of = Group of { $code }
settings-group-placeholder = e.g. Research
settings-lifecycle-states = Lifecycle states
settings-pipeline = Sales pipeline
settings-locks = Locks the project
settings-is-pipeline = { $code } is pipeline
settings-locks-of = { $code } locks the project
settings-pipeline-box = pipeline
settings-locks-box = locks the project
settings-role-types = Role types
settings-deliverable-types = Deliverable types
settings-dissemination-levels = Dissemination levels
settings-allocation-groups = Allocation groups
settings-system-rates = System hours per PM
settings-system-rates-hint = Used for months where the project has no rate and no default of its own.
settings-valid-from = Valid from
settings-hours-per-pm = Hours per PM
settings-no-rates = None: { $hours } hours (the server default) apply.
settings-column-kind = Kind
settings-column-details = Group / flags / country
settings-kind-lifecycle-state = lifecycle state
settings-kind-role-type = role type
settings-kind-deliverable-type = deliverable type
settings-kind-dissemination-level = dissemination level
settings-kind-allocation-group = allocation group
settings-kind-calendar = calendar
settings-flag-pipeline = pipeline
settings-flag-locks = locks
settings-stale-lifecycle-state = the lifecycle state { $key }
settings-stale-role-type = the role type { $key }
settings-stale-deliverable-type = the deliverable type { $key }
settings-stale-dissemination-level = the dissemination level { $key }
settings-stale-allocation-group = the allocation group { $key }
settings-stale-system-rate = the system rate from { $from }
settings-stale-latest = Open the latest settings
settings-refused-not-admin = Only administrators may change settings.
settings-error-name-missing = Enter the name.
settings-error-code-missing = Enter the code.
settings-error-code-form = A code uses letters, digits, '-', '_' or '/', at most { $max }.
settings-error-code-lowercase = This code uses lower-case letters, digits and '_', starting with a letter.
settings-error-country = Use a two-letter country code such as NO, or leave it empty.
settings-error-value-taken = That value exists already.
settings-error-name-taken = That name exists already.
settings-error-in-use = It is still used { $count } time(s): change those first.
settings-error-rate-month = Enter the month the rate applies from as YYYY-MM.
settings-error-hours-per-pm = Enter the hours per PM, above 0 and at most 744.

## Holiday calendars

calendar-heading = Holiday calendars
calendar-holidays = Holidays
calendar-add = Add a calendar
calendar-stale = the calendar { $key }
calendar-error-unknown = Choose a calendar.
holiday-heading = { $calendar } holidays in { $year }
holiday-day = Day
holiday-day-placeholder = YYYY-MM-DD
holiday-add = Add a holiday
holiday-stale = the holiday of { $day }
holiday-error-day = Enter the day as YYYY-MM-DD.

## Users

users-intro-before = Everyone who has signed in. Role, visibility and organisations come from their
users-intro-after = groups as the identity provider last confirmed them: at sign-in, and again every few minutes while a session lasts.
users-none = Nobody has signed in yet.
users-column-user = User
users-column-person = Person
users-column-sessions = Sessions
users-revoke-sessions = Revoke sessions
users-refused-not-admin = Only administrators may see the users.
users-refused-end-sessions = Only administrators may end other users' sessions.

## My allocations

people-mine-person-page = person page
people-mine-intro = capacity, allocation per project and what is left, from { $from } for 12 months. Hours are PM × the month's hours per PM.
people-mine-not-linked = Your sign-in is not linked to a person, so there is nothing to show. An administrator links users to persons
people-mine-link-persons = matches person codes to usernames).
people-mine-capacity-hours = Capacity hours
people-mine-project-pm = { $code } PM
people-mine-allocated-hours = Allocated hours
people-mine-free-hours = Free hours

## JSON API (issue 22): people and staffing
api-people-months-order = The last month { $to } is before the first month { $from }.
api-people-months-too-many = Ask for at most { $max } months at once.
api-staffing-person-fixed = An assignment stays with its person: assign the other person instead.
api-staffing-month-outside = { $month } is not a month of the project.
api-staffing-too-many-cells = Change at most { $max } cells at once.
