# Rediflow på svenska. Varje meddelande finns också i en/main.ftl och fi/main.ftl med samma
# argument (tests/api/i18n.rs kontrollerar). PM = pm (personmånader).

## Ramen runt varje sida: navigering, användaren, meddelanderaden, sidfoten

nav-main = Huvudmeny
nav-home = Start
nav-projects = Projekt
nav-people = Personer
nav-portfolio = Portfölj
nav-organisations = Organisationer
nav-settings = Inställningar
nav-users = Användare
nav-requests = Förfrågningar
nav-help = Hjälp
skip-to-content = Hoppa till innehållet
env-badge-title = Miljö
sign-out = Logga ut
user-label = { $name } ({ $role })
banner-no-auth = Inloggning är inte konfigurerad: alla som använder den här servern agerar som anonym användare med rollen { $role }.
share-view = Dela den här vyn
share-view-title = Skapa en kort länk till den här sidan med de filter som är valda
share-your-links = dina länkar
footer-help = Hjälp
footer-language = Språk

## Roller och synlighet

role-none = ingen åtkomst
role-viewer = läsare
role-editor = redigerare
role-admin = administratör
role-super_admin = superadministratör
visibility-all = allt
visibility-org = de egna organisationernas projekt
visibility-assigned = projekten som personen är bemannad i

## Felsidor

error-not-found-title = Sidan hittades inte
error-not-found = Sidan eller posten du bad om finns inte.
error-forbidden-title = Inte tillåtet
error-forbidden = Du får inte göra det här.
error-unauthorized-title = Inloggning krävs
error-unauthorized = Logga in för att fortsätta.
error-too-many-title = För många försök
error-too-many = För många försök. Vänta en minut och försök igen.
error-conflict-title = Inte sparat
error-conflict = Ändringen krockar med det som redan är sparat, så ingenting ändrades.
error-method-title = Inte möjligt här
error-method = Den här adressen tar inte emot den sortens förfrågan.
error-unavailable-title = Tillfälligt otillgänglig
error-unavailable = Databasen går inte att nå just nu. Försök igen om en stund.
error-internal-title = Något gick fel
error-internal = Något gick fel hos oss.
error-bad-request-title = Förfrågan kunde inte tolkas
error-bad-request = Förfrågan kunde inte tolkas.
error-no-access-title = Ingen åtkomst ännu
error-request-id = Om det här fortsätter, ge din administratör förfrågans id:
error-sign-in = Logga in
error-back-home = Tillbaka till startsidan
app-error-not-signed-in = Du är inte inloggad (eller så har sessionen gått ut), så ingenting ändrades. Logga in och försök igen.
app-error-no-access = Du är inloggad, men du har ännu ingen åtkomst till Rediflow: be en administratör lägga till dig i en rediflow-grupp (rediflow-viewers, rediflow-editors eller rediflow-admins).
app-error-rate-limited = För många försök. Vänta { $seconds } sekunder och försök igen.
app-error-busy = Någon annan sparade samma plan i samma ögonblick, så ingenting sparades. Försök igen.
app-error-duplicate = Det finns redan en post med samma kod eller namn. Ingenting ändrades.
app-error-references = Ändringen krockar med andra poster: något den hänvisar till finns inte längre, eller så hänvisar andra poster fortfarande till den. Ingenting ändrades.
app-error-not-allowed-value = Ett värde är inte tillåtet här (tomt, utanför intervallet eller överlappande med ett annat). Ingenting ändrades.
app-error-policy = Du får inte göra den här ändringen. Ingenting ändrades.
app-error-nul = Texten innehåller ett tecken som inte kan sparas (en NUL-byte). Ingenting ändrades.
app-error-too-large = Ett värde är för stort för att sparas. Ingenting ändrades.
app-error-unknown-language = ”{ $code }” är inte ett språk på den här servern: välj en, fi eller sv.

## In- och utloggning

signed-out-title = Utloggad
signed-out-heading = Du har loggat ut
signed-out-text = Din Rediflow-session har avslutats.
sign-in-again = Logga in igen

## Mitt konto

account-title = Mitt konto
account-username = Användarnamn
account-name = Namn
account-email = E-post
account-role = Roll
account-visibility = Synlighet
account-organisations = Organisationer
account-unknown-organisation = Ingen organisation har det här kortnamnet
account-person = Kopplad person
account-groups = Grupper
account-last-sign-in = Senaste inloggning
account-never = aldrig
account-sessions = Aktiva sessioner
account-preferences = Inställningar
account-saved = Dina inställningar sparades.
account-nothing-saved = Ingenting sparades.
account-default-organisation = Projektlistan filtreras först på
account-all-organisations = alla organisationer
account-show-hours = Visa kapacitetstabeller i timmar i stället för personmånader (pm)
account-language = Språk
account-language-browser = min webbläsares språk
account-language-hint = Språket på sidorna och i CSV-nedladdningar: på svenska och finska skriver CSV-filerna 1234,5 med semikolon mellan fälten, på engelska 1234.5 med kommatecken. ODS-nedladdningar fungerar på alla språk.
account-save = Spara inställningar
account-anonymous = Inloggning är inte konfigurerad på den här servern: du är anonym användare med rollen { $role }.
account-choose-organisation = Välj en organisation i listan.

## Startsidan

home-title = Start
home-my-allocations = Mina allokeringar
home-my-allocations-intro = { $person }, de kommande 12 månaderna.
home-my-allocations-more = Tidigare och senare månader, nedladdningar
home-glance = Portföljen i korthet
home-organisations = { $count ->
    [one] organisation
   *[other] organisationer
    }
home-projects = { $count ->
    [one] projekt
   *[other] projekt
    }
home-persons = { $count ->
    [one] person
   *[other] personer
    }
home-getting-started = Kom igång
home-no-projects = Det finns inga projekt ännu.
home-help-link = Så är Rediflow uppbyggt

## Mina allokeringar (startsidan och /my-allocations)

allocations-caption = Kapacitet, allokering per projekt och ledig kapacitet per månad
allocations-month = Månad
allocations-capacity = Kapacitet
allocations-per-project = Allokerat per projekt, pm
allocations-allocated = Allokerat
allocations-free = Ledigt
allocations-over = över
allocations-over-title = Allokerat över kapaciteten
unit-hours = timmar
unit-pm = pm
total = Totalt

## Projektlistan

projects-title = Projekt
projects-new = Nytt projekt
projects-pipeline = Pipeline
projects-quality = Datakvalitet
filter-search = Sök
filter-search-placeholder = kod eller namn
filter-organisation = Organisation
filter-all = alla
filter-state = Status
filter-active-from = Aktiv från
filter-active-to = till
filter-month-placeholder = ÅÅÅÅ-MM
filter-apply = Filtrera
filter-clear = Rensa
projects-none = Inget projekt matchar.
download-csv = Ladda ner CSV
download-ods = Ladda ner ODS
column-code = Kod
column-name = Namn
column-owner = Projektägare (POO)
column-partners = Partner
column-state = Status
column-start = Start
column-end = Slut
column-months = Månader
column-projplan-pm = PROJPLAN pm
column-est-pm = EST pm
column-actual-pm = ACTUAL pm
tag-locked = låst
projects-total = Totalt { $count } projekt
projects-pages = Sidor i projektlistan
pager-previous = ← Föregående
pager-next = Nästa →
projects-range = Projekt { $first }–{ $last } av { $total }
projects-count = { $count } projekt.

## Avslag som alla delar använder
account-error-no-user = Inställningar kräver en inloggad användare, och inloggning är inte konfigurerad på den här servern.
account-error-language-no-user = Att spara ett språk kräver en inloggad användare, och inloggning är inte konfigurerad på den här servern.
app-error-cross-site = Förfrågan kom inte från en sida på den här webbplatsen, så ingenting ändrades.

app-error-stale = Någon har ändrat detta sedan du öppnade det, så ingenting sparades. Ladda om sidan för att se de aktuella värdena.
sentences-two = { $first } { $second }

## Namnen på förinstallerade uppslagsvärden (i18n::seeded)

seeded-idea = Idé
seeded-proposal = Under beredning
seeded-submitted = Inlämnad
seeded-running = Pågående
seeded-closed = Avslutad
seeded-rejected = Avslagen
seeded-fixed = Fast
seeded-flexible = Flexibel
seeded-research = Forskning
seeded-management = Ledning
seeded-technical = Teknik
seeded-documents = Dokument
seeded-results = Resultat
seeded-public = Offentlig
seeded-restricted = Begränsad
seeded-senior-researcher = Seniorforskare
seeded-researcher = Forskare
seeded-research-assistant = Forskningsassistent
seeded-project-manager = Projektledare
seeded-developer = Utvecklare
seeded-technician = Tekniker
seeded-document-report = Dokument, rapport
seeded-data-management-plan = Datahanteringsplan
seeded-ethics = Etik
seeded-demonstrator = Demonstrator, pilot, prototyp
seeded-websites = Webbplatser, patentansökningar, videor
seeded-data-sets = Dataset, mikrodata
seeded-other = Övrigt
seeded-sensitive = Känslig
seeded-eu-restricted = EU begränsad
seeded-eu-confidential = EU konfidentiell
seeded-eu-secret = EU hemlig
seeded-vacation = Semester
seeded-sick-leave = Sjukfrånvaro
seeded-parental-leave = Föräldraledighet
seeded-unpaid-leave = Tjänstledighet utan lön
seeded-finland = Finland
seeded-sweden = Sverige

## Personliga åtkomsttoken (src/auth/tokens.rs, /account, /users)
token-name-missing = Ge token ett namn så att du känner igen den senare (till exempel ”Power BI”).
token-name-too-long = Tokens namn får ha högst { $max } tecken.
token-scope-invalid = Välj tokens behörighet: läsa eller skriva.
token-days-invalid = Ange antalet dagar tills token upphör att gälla: ett heltal från 1 till { $max }.
token-needs-user = Token kräver en inloggad användare; inloggning är inte konfigurerad på den här servern.
token-section = API-token
token-intro = Med en personlig åtkomsttoken kan ett skript eller ett rapportverktyg använda JSON-API:t i ditt namn: den ser och ändrar precis det du får. Håll den hemlig som ett lösenord och återkalla den när den inte längre behövs.
token-api-reference = API-referens
token-created = Din nya token:
token-copy-now = Kopiera den nu: den visas bara denna gång, och servern sparar bara ett fingeravtryck av den.
token-new-label = Ny token (markera och kopiera)
token-revoked = Token återkallades: den fungerar inte längre.
token-none = Du har inga token.
token-none-anyone = Ingen har en token.
token-everyones = Personliga åtkomsttoken
token-name = Namn
token-scope = Behörighet
token-scope-read = läsa
token-scope-write = skriva
token-scope-read-hint = läsa: den bara läser
token-scope-write-hint = skriva: den ändrar också det du får ändra
token-hint = Börjar med
token-created-at = Skapad
token-last-used = Senast använd
token-expires = Upphör
token-state = Status
token-state-live = giltig
token-state-expired = har upphört
token-state-revoked = återkallad { $date } av { $by }
token-revoke = Återkalla
token-revoke-named = Återkalla token { $name }
token-revoke-of = Återkalla token { $name } för { $user }
token-new = Ny token
token-days = Dagar tills den upphör
token-days-hint = Från 1 till { $max } dagar.
token-create = Skapa token
token-not-made = Ingen token skapades: rätta fälten nedan.

## JSON-API:ts kapacitetsförfrågningar och uppslagslistor (src/api/requests.rs, src/api/lookups.rs)
api-requests-month-invalid = Cell { $index }: ange månaden som ÅÅÅÅ-MM, till exempel 2027-03.
api-requests-cell-twice = Cell { $index } ber igen om en uppgift och månad som redan har angetts: ange varje uppgift och månad en gång.
