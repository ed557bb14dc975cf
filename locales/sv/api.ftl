# JSON-API:t (src/api/, docs/api.md): dess avslag, på språket i Accept-Language.

api-token-missing = Den här adressen kräver en personlig åtkomsttoken: skicka den som "Authorization: Bearer rfl_…". Skapa en under Mitt konto.
api-token-refused = Den här token är inte giltig: den är okänd, återkallad eller har upphört att gälla. Skapa en ny under Mitt konto.
api-token-read-only = Den här token får bara läsa: skapa en token med skrivbehörighet för att ändra något.
api-stale = Detta har ändrats sedan versionen i If-Match, så inget sparades. Läs på nytt och gör din ändring i det som finns nu.
api-if-match-missing = En ändring kräver huvudet If-Match med ETag för den version du läste, så att en ändring som gjorts under tiden inte skrivs över.
api-if-match-invalid = Huvudet If-Match ska innehålla en ETag så som servern skickade den, till exempel "12".
api-query-invalid = Frågan kan inte läsas: { $detail }
api-body-invalid = Begärans innehåll kan inte läsas som förväntad JSON: { $detail }
api-limit-invalid = limit ska vara ett heltal från 1 till { $max }.
api-cursor-invalid = Servern har inte gett den här markören: börja om från första sidan.
api-month-invalid = Ange en månad som ÅÅÅÅ-MM, till exempel 2027-03.
api-method-not-allowed = Den här adressen tar inte emot den här metoden: huvudet Allow listar de metoder den tar emot.
