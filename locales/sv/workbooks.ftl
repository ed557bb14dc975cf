# The spreadsheet import (page, CLI and their problems) and the view downloads' shared words.
# Every message is in en, fi and sv with the same arguments (tests/api/i18n.rs). docs/i18n.md.

## Import page (/import)

import-title = Import
import-heading = Importera ett kalkylblad
import-not-imported = { $file } importerades inte
import-refused-intro = Ingenting ändrades. Filen ändrar sådant som bara en superadministratör får ändra:
import-problems-intro = { $count ->
    [one] Ingenting ändrades. Rätta det här felet i filen och ladda upp den igen:
   *[other] Ingenting ändrades. Rätta de här { $count } felen i filen och ladda upp den igen:
    }
import-done-heading = Importerade { $file } ({ $subject })
import-preview-heading = Vad en import av { $file } ({ $subject }) skulle ändra
import-col-what = Vad
import-col-created = Skapade
import-col-updated = Uppdaterade
import-col-deleted = Borttagna
import-new-lookups = Nya uppslagsvärden: { $values }.
import-nothing-yet = Ingenting har sparats ännu.
import-confirm-button = Importera { $file }
import-cancel = Avbryt
import-kind-legend = Vad filen innehåller
import-kind-project = Ett projekt (bladen Project, Organisations, Work packages, …)
import-kind-people = Personer (bladen Employee groups, Persons, Project assignments, …)
import-file-label = Kalkylblad (.ods eller .xlsx)
import-hint = Filen kontrolleras och du ser vad den skulle ändra innan något sparas. Filens upplägg beskrivs i driftdokumentationen (docs/ods-format.md).
import-check-button = Kontrollera filen
import-admins-only = Endast administratörer får importera kalkylblad.
import-not-waiting = Den här importen väntar inte längre: ladda upp filen igen.
import-subject-people = personer

## What an import changes (the page's table and the CLI's summary)

import-changes = { $created } skapade, { $updated } uppdaterade, { $deleted } borttagna
import-kind-organisations = organisationer
import-kind-projects = projekt
import-kind-partners = partner
import-kind-work-packages = arbetspaket
import-kind-tasks = uppgifter
import-kind-milestones = milstolpar
import-kind-deliverables = leveranser
import-kind-est-cells = EST-behovsceller
import-kind-projplan-cells = PROJPLAN-behovsceller
import-kind-other-cells = andra behovsceller för borttagna uppgifter
import-kind-employee-groups = personalkategorier
import-kind-daily-hours = dagliga arbetstimmar
import-kind-leave-types = frånvarotyper
import-kind-persons = personer
import-kind-group-memberships = gruppmedlemskap
import-kind-leave = frånvaro
import-kind-assignments = allokeringar
import-lookup-role-type = rolltyp ”{ $name }”
import-lookup-deliverable-type = leveranstyp ”{ $name }”
import-lookup-dissemination-level = spridningsnivå ”{ $name }”
import-step-reading = läser { $file }
import-step-checking = kontrollerar { $file }
import-step-writing = sparar { $file }
import-step-writing-people = sparar personer

## The upload (the import page's form)

upload-unreadable = Uppladdningen kunde inte läsas: { $detail }
upload-too-many-parts = Uppladdningen har fler än { $max } delar; skicka formuläret så som sidan gör.
upload-file-too-large = Filen är större än { $mb } MB.
upload-field-too-long = Fältet ”{ $field }” i uppladdningen är längre än { $max } byte.
upload-choose-file = Välj en .ods- eller .xlsx-fil att importera.
upload-file-name-too-long = Filens namn är längre än { $max } tecken: byt namn på den och ladda upp den igen.
upload-sign-in-first = En import väntar på den som laddade upp den; logga in först.

## The problems of a workbook: where (file: sheet, row, column) and what

sheet-place-sheet = blad '{ $sheet }'
sheet-place-row = rad { $row }
sheet-place-column = kolumn '{ $column }'
sheet-file-unreadable = är inte ett läsbart kalkylblad (en .ods- eller .xlsx-fil som inte är lösenordsskyddad eller skadad): { $detail }
sheet-file-format = bara .ods- och .xlsx-filer kan importeras
sheet-missing = bladet saknas
sheet-empty = bladet är tomt: första raden måste innehålla kolumnrubrikerna
sheet-column-missing = kolumnen '{ $column }' saknas
sheet-row-missing = raden '{ $row }' saknas
sheet-cell-empty = är tom
sheet-cell-not-whole = ”{ $text }” är inte ett heltal
sheet-cell-not-number = ”{ $text }” är inte ett tal
sheet-cell-exponent = ”{ $text }” har en exponent: skriv ut talet med siffror
sheet-cell-number-too-long = ett tal som är längre än { $max } tecken godtas inte
sheet-cell-invalid-date = är inte ett giltigt datum
sheet-cell-not-date = { $text } är inte ett datum
sheet-cell-not-iso-date = ”{ $text }” är inte ett datum (skriv det som ÅÅÅÅ-MM-DD)
sheet-cell-not-month = ”{ $text }” är inte en månad (skriv den som ÅÅÅÅ-MM)
import-file-unreadable = kan inte läsas: { $detail }
import-code-in-two-files = projektkoden { $code } finns också i { $other }
import-changed-meanwhile = organisationerna, projekten eller uppslagsvärdena som filen hänvisar till ändrades medan den kontrollerades: ingenting importerades, importera den igen
import-refused-project = projekt { $project }: { $why }
import-month-column-outside = kolumnen '{ $column }' ligger utanför projektets månader (1 till { $duration })
import-unknown-task = okänd uppgift ”{ $task }”
import-unknown-organisation = okänd organisation ”{ $org }”
import-unknown-work-package = okänt arbetspaket { $wp }
import-unknown-employee-group = okänd personalkategori ”{ $group }” (finns inte på bladet '{ $sheet }')
import-unknown-person = okänd person ”{ $person }” (finns inte på bladet '{ $sheet }')
import-unknown-leave-type = okänd frånvarotyp ”{ $kind }”
import-unknown-project = okänt projekt ”{ $project }”
import-unknown-allocation-group = okänd allokeringsgrupp ”{ $group }” (en av: { $choices })
import-demand-twice = uppgift { $task } för { $org } finns två gånger
import-listed-twice = { $what } finns två gånger
import-what-wp = Arbetspaket { $number }
import-what-task = uppgift { $number }
import-text-listed-twice = ”{ $text }” finns två gånger
import-group-hours-twice = { $group } från { $from } finns två gånger
import-assignment-twice = { $person } i { $project } från { $start } finns två gånger
import-number-too-large = { $value } är för stort
import-row-empty = { $row } är tom
import-choose-lifecycle = Välj en livscykelstatus. En av: { $choices }.
import-short-name-invalid = ”{ $short }” får bara innehålla bokstäver, siffror, '.', '_' eller '-' och måste börja med en bokstav eller siffra
import-country-invalid = ”{ $country }” är inte en landskod med två bokstäver, till exempel FI
import-org-role-invalid = ”{ $role }” måste vara POO, Partner eller tom för en organisation som bara finns med som överordnad
import-parent-cycle = ”{ $org }” skulle bli sin egen överordnade (en cirkel av överordnade)
import-poo-mismatch = POO-raden är ”{ $row }” men bladet Project anger ”{ $poo }”
import-poo-twice = fler än en organisation har rollen POO
import-end-before-start = { $end } ligger före startmånaden ({ $start })

## The limits of a workbook (hostile or damaged files)

sheet-limit-file-size = filen är större än { $mb } MB
sheet-limit-parts = arkivet har fler än { $max } delar
sheet-limit-uncompressed = filens okomprimerade storlek är större än { $mb } MB
sheet-limit-ratio = delen { $part } är komprimerad mer än { $ratio }:1, vilket bara en zip-bomb är
sheet-limit-declared = delen { $part } packas upp till mer än den okomprimerade storlek som arkivet anger
sheet-limit-xml-piece = delen { $part } innehåller en XML-bit (en text eller en tagg) som är längre än { $mb } MB
sheet-limit-part-unreadable = är inte ett läsbart kalkylblad: delen { $part } kan inte läsas: { $detail }
sheet-limit-xml-unreadable = är inte ett läsbart kalkylblad: ett attribut eller ett tal i dess XML kan inte läsas
sheet-limit-reference-unreadable = är inte ett läsbart kalkylblad: en cellreferens kan inte läsas
sheet-limit-sheets = arbetsboken har fler än { $max } blad
sheet-limit-rows = bladet har fler än { $max } rader
sheet-limit-sheet-cells = bladet har fler än { $max } celler (räknat från kolumn A och den första ifyllda raden till den sista ifyllda raden och kolumnen)
sheet-limit-workbook-cells = bladen har tillsammans fler än { $max } celler
sheet-limit-text = cellerna innehåller tillsammans mer än { $mb } MB text
sheet-limit-cell-chars = en cell är längre än { $max } tecken
sheet-limit-shared-string-chars = en text i tabellen med delade strängar är längre än { $max } tecken
sheet-limit-shared-strings = tabellen med delade strängar har fler än { $max } texter

## The command line (rediflow import-project, import-people, seed-examples)

cli-dry-run-note = (provkörning: ingenting sparades)
cli-lookup-created = skapade { $lookup }
cli-lookup-create = skapar { $lookup }
cli-problems-found = { $count ->
    [one] 1 fel hittades; ingenting importerades
   *[other] { $count } fel hittades; ingenting importerades
    }
cli-changes-refused = { $count ->
    [one] 1 ändring avvisades; ingenting importerades (lägg till --super-admin för att göra den som superadministratör)
   *[other] { $count } ändringar avvisades; ingenting importerades (lägg till --super-admin för att göra dem som superadministratör)
    }
cli-import-rolled-back = importen misslyckades och återställdes: { $detail }
cli-total-projects = Totalt: { $changes } ({ $files ->
        [one] 1 fil
       *[other] { $files } filer
    }, { $seconds } s){ $dry ->
        [yes] , provkörning
       *[no] {""}
    }
cli-total-people = Totalt: { $changes }{ $dry ->
        [yes] , provkörning
       *[no] {""}
    }
cli-seed-imported = Exemplen är importerade.
cli-seed-not-over = Databasen innehåller { $projects ->
        [one] 1 projekt
       *[other] { $projects } projekt
    } och { $persons ->
        [one] 1 person
       *[other] { $persons } personer
    }: exemplen importeras inte över dem.
cli-seed-not-checked = { $file }: kunde inte kontrolleras: { $detail }
cli-seed-nothing-changed = Ingenting ändrades.
cli-seed-nothing-changed-force = Ingenting ändrades. `make seed FORCE=1` (rediflow seed-examples --force) skriver över dem med filerna.
cli-as-in-database = { $file }  { $subject }: som i databasen
cli-would-change = { $file }  { $subject }: en import skulle ändra

## Forms, addresses and downloads: malformed requests (every page)

form-too-large = Formuläret är för stort.
form-unreadable = Formuläret kunde inte läsas: { $detail }
form-query-invalid = Adressen har en ogiltig parameter: { $detail }
form-too-many-fields = Formuläret har { $fields } fält, fler än de { $max } som godtas, så ingenting ändrades.
form-field-nul = Fältet ”{ $field }” innehåller ett NUL-tecken (\0), som inte kan sparas. Ta bort det och försök igen; ingenting ändrades.
csrf-refused = Formuläret har gått ut eller kom inte från den här webbplatsen, så ingenting ändrades. Gå tillbaka, ladda om sidan och försök igen.
paging-not-a-page = ”{ $text }” är inte ett sidnummer.
download-unknown-format = Okänt format ”{ $format }”: använd csv eller ods.

## Sign-in refusals (the answer of the sign-in service)

csrf-signin-link-used = Den här inloggningslänken gäller inte längre (den har redan använts eller hör till en annan webbläsare). Logga in igen.
csrf-signin-expired = Inloggningen tog för lång tid och har gått ut. Logga in igen.
csrf-signin-provider-refused = Inloggningstjänsten loggade inte in dig ({ $error }). Om du avbröt kan du logga in igen.
csrf-signin-other-issuer = Inloggningssvaret kom från en annan inloggningstjänst, så du loggades inte in.
csrf-signin-no-code = Inloggningssvaret saknar kod.
csrf-signin-unreachable = Inloggningstjänsten går inte att nå just nu. Försök igen om några minuter.
csrf-signin-not-confirmed = Inloggningstjänsten bekräftade inte din inloggning. Försök igen.
csrf-signin-unverified = Inloggningssvaret kunde inte verifieras, så du loggades inte in. Försök igen.
csrf-signin-misconfigured = Inloggningen är felaktigt konfigurerad på den här servern. Kontakta din administratör.
