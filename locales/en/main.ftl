# Rediflow's interface in English. Every message here exists in fi/main.ftl and sv/main.ftl
# too, with the same arguments (tests/api/i18n.rs checks). docs/i18n.md: how to add one.
# PM (person-months) is "htkk" in Finnish and "pm" (personmånader) in Swedish.

## The frame of every page: navigation, the user, the banner, the footer

nav-main = Main
nav-home = Home
nav-projects = Projects
nav-people = People
nav-portfolio = Portfolio
nav-organisations = Organisations
nav-settings = Settings
nav-users = Users
nav-requests = Requests
nav-help = Help
skip-to-content = Skip to content
env-badge-title = Environment
sign-out = Sign out
user-label = { $name } ({ $role })
banner-no-auth = Sign-in is not configured: everyone using this server acts as an anonymous { $role }.
share-view = Share this view
share-view-title = Make a short link to this page with its current filters
share-your-links = your links
footer-help = Help
footer-language = Language

## Roles and visibility, as stored in users.role and users.visibility

role-none = no access
role-viewer = viewer
role-editor = editor
role-admin = admin
role-super_admin = super-admin
visibility-all = everything
visibility-org = the projects of their organisations
visibility-assigned = the projects they are assigned to

## Error pages

error-not-found-title = Page not found
error-not-found = The page or record you asked for does not exist.
error-forbidden-title = Not allowed
error-forbidden = You may not do this.
error-unauthorized-title = Sign-in required
error-unauthorized = Please sign in to continue.
error-too-many-title = Slow down
error-too-many = Too many attempts. Please wait a minute and try again.
error-conflict-title = Not saved
error-conflict = This change conflicts with what is stored, so nothing was changed.
error-method-title = Not possible here
error-method = This address does not accept that kind of request.
error-unavailable-title = Temporarily unavailable
error-unavailable = The database is not reachable right now. Please try again in a moment.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side.
error-bad-request-title = Request not understood
error-bad-request = The request could not be understood.
error-no-access-title = No access yet
error-request-id = If this keeps happening, tell your administrator this request id:
error-sign-in = Sign in
error-back-home = Back to the home page
# The fixed answers of src/error.rs (pages show these; API clients get the English text).
app-error-not-signed-in = You are not signed in (or your session has ended), so nothing was changed. Please sign in and try again.
app-error-no-access = You are signed in, but you have no access to Rediflow yet: ask an administrator to add you to a rediflow group (rediflow-viewers, rediflow-editors or rediflow-admins).
app-error-rate-limited = Too many attempts. Please wait { $seconds } seconds and try again.
app-error-busy = Someone else saved the same plan at the same moment, so nothing was saved. Please try again.
app-error-duplicate = A record with the same code or name exists already. Nothing was changed.
app-error-references = This change conflicts with other records: something it refers to no longer exists, or other records still refer to it. Nothing was changed.
app-error-not-allowed-value = A value is not allowed here (empty, out of range or overlapping another). Nothing was changed.
app-error-policy = You may not make this change. Nothing was changed.
app-error-nul = The text contains a character that cannot be stored (a NUL byte). Nothing was changed.
app-error-too-large = A value is too large to be stored. Nothing was changed.
app-error-unknown-language = “{ $code }” is not a language of this server: choose en, fi or sv.

## Signing in and out

signed-out-title = Signed out
signed-out-heading = You have signed out
signed-out-text = Your Rediflow session has ended.
sign-in-again = Sign in again

## The account page

account-title = My account
account-username = Username
account-name = Name
account-email = Email
account-role = Role
account-visibility = Visibility
account-organisations = Organisations
account-unknown-organisation = No organisation has this short name
account-person = Linked person
account-groups = Groups
account-last-sign-in = Last sign-in
account-never = never
account-sessions = Active sessions
account-preferences = Preferences
account-saved = Your preferences were saved.
account-nothing-saved = Nothing was saved.
account-default-organisation = The projects list starts filtered on
account-all-organisations = all organisations
account-show-hours = Show capacity grids in hours instead of PM
account-language = Language
account-language-browser = the language of my browser
account-language-hint = The language of the pages and of CSV downloads: in Finnish and Swedish CSV files write 1234,5 with semicolons between fields, in English 1234.5 with commas. ODS downloads work in every language.
account-save = Save preferences
account-anonymous = Sign-in is not configured on this server: you are the anonymous { $role }.
account-choose-organisation = Choose an organisation from the list.

## The home page

home-title = Home
home-my-allocations = My allocations
home-my-allocations-intro = { $person }, the next 12 months.
home-my-allocations-more = Earlier and later months, downloads
home-glance = Portfolio at a glance
home-organisations = { $count ->
    [one] organisation
   *[other] organisations
    }
home-projects = { $count ->
    [one] project
   *[other] projects
    }
home-persons = { $count ->
    [one] person
   *[other] persons
    }
home-getting-started = Getting started
home-no-projects = There are no projects yet.
home-help-link = How Rediflow is organised

## My allocations (the home page and /my-allocations)

allocations-caption = Capacity, allocation per project and free capacity per month
allocations-month = Month
allocations-capacity = Capacity
allocations-per-project = Allocated per project, PM
allocations-allocated = Allocated
allocations-free = Free
allocations-over = over
allocations-over-title = Allocated above capacity
unit-hours = hours
unit-pm = PM
total = Total

## The projects list

projects-title = Projects
projects-new = New project
projects-pipeline = Pipeline
projects-quality = Data quality
filter-search = Search
filter-search-placeholder = code or name
filter-organisation = Organisation
filter-all = all
filter-state = State
filter-active-from = Active from
filter-active-to = to
filter-month-placeholder = YYYY-MM
filter-apply = Filter
filter-clear = Clear
projects-none = No project matches.
download-csv = Download CSV
download-ods = Download ODS
column-code = Code
column-name = Name
column-owner = Owner (POO)
column-partners = Partners
column-state = State
column-start = Start
column-end = End
column-months = Months
column-projplan-pm = PROJPLAN PM
column-est-pm = EST PM
column-actual-pm = ACTUAL PM
tag-locked = locked
projects-total = Total of { $count } { $count ->
    [one] project
   *[other] projects
    }
projects-pages = Pages of the project list
pager-previous = ← Previous
pager-next = Next →
projects-range = Projects { $first }–{ $last } of { $total }
projects-count = { $count } { $count ->
    [one] project
   *[other] projects
    }.

## Refusals every area shares
account-error-no-user = Preferences need a signed-in user; sign-in is not configured on this server.
account-error-language-no-user = A stored language needs a signed-in user; sign-in is not configured on this server.
app-error-cross-site = This request did not come from a page of this site, so nothing was changed.

app-error-stale = Someone changed this since you opened it, so nothing was saved. Reload to see the current values.
# Two sentences of one refusal, one after the other.
sentences-two = { $first } { $second }

## Seeded lookup names (i18n::seeded): shown translated while they are still the seeded name

seeded-idea = Idea
seeded-proposal = Proposal
seeded-submitted = Submitted
seeded-running = Running
seeded-closed = Closed
seeded-rejected = Rejected
seeded-fixed = Fixed
seeded-flexible = Flexible
seeded-research = Research
seeded-management = Management
seeded-technical = Technical
seeded-documents = Documents
seeded-results = Results
seeded-public = Public
seeded-restricted = Restricted
seeded-senior-researcher = Senior researcher
seeded-researcher = Researcher
seeded-research-assistant = Research assistant
seeded-project-manager = Project manager
seeded-developer = Developer
seeded-technician = Technician
seeded-document-report = Document, report
seeded-data-management-plan = Data management plan
seeded-ethics = Ethics
seeded-demonstrator = Demonstrator, pilot, prototype
seeded-websites = Websites, patent filings, videos
seeded-data-sets = Data sets, microdata
seeded-other = Other
seeded-sensitive = Sensitive
seeded-eu-restricted = EU restricted
seeded-eu-confidential = EU confidential
seeded-eu-secret = EU secret
seeded-vacation = Vacation
seeded-sick-leave = Sick leave
seeded-parental-leave = Parental leave
seeded-unpaid-leave = Unpaid leave
seeded-finland = Finland
seeded-sweden = Sweden

## Personal access tokens (src/auth/tokens.rs, /account, /users)
token-name-missing = Name the token, so that you can tell it apart later (for example "Power BI").
token-name-too-long = The token's name can have at most { $max } characters.
token-scope-invalid = Choose the token's scope: read or write.
token-days-invalid = Enter the days until the token expires: a whole number from 1 to { $max }.
token-needs-user = Tokens need a signed-in user; sign-in is not configured on this server.
token-section = API tokens
token-intro = A personal access token lets a script or a report tool use the JSON API as you: it sees and changes exactly what you may. Keep it secret like a password, and revoke it when it is no longer needed.
token-api-reference = API reference
token-created = Your new token:
token-copy-now = Copy it now: it is shown only this once, and the server keeps only a fingerprint of it.
token-new-label = New token (select it and copy)
token-revoked = The token was revoked: it no longer works.
token-none = You have no tokens.
token-none-anyone = Nobody has a token.
token-everyones = Personal access tokens
token-name = Name
token-scope = Scope
token-scope-read = read
token-scope-write = write
token-scope-read-hint = read: it only reads
token-scope-write-hint = write: it also changes what you may change
token-hint = Begins with
token-created-at = Created
token-last-used = Last used
token-expires = Expires
token-state = State
token-state-live = valid
token-state-expired = expired
token-state-revoked = revoked { $date } by { $by }
token-revoke = Revoke
token-revoke-named = Revoke the token { $name }
token-revoke-of = Revoke the token { $name } of { $user }
token-new = New token
token-days = Days until it expires
token-days-hint = From 1 to { $max } days.
token-create = Create token
token-not-made = No token was made: correct the fields below.

## The JSON API's capacity requests and lookups (src/api/requests.rs, src/api/lookups.rs)
api-requests-month-invalid = Cell { $index }: enter the month as YYYY-MM, for example 2027-03.
api-requests-cell-twice = Cell { $index } asks again for a task and month named before: send each task and month once.
