# JSON-rajapinta (src/api/, docs/api.md): sen hylkäykset Accept-Language-otsakkeen kielellä.

api-token-missing = Tämä osoite tarvitsee henkilökohtaisen käyttötunnisteen: lähetä se muodossa "Authorization: Bearer rfl_…". Luo tunniste Oma tili -sivulla.
api-token-refused = Tunniste ei kelpaa: sitä ei tunneta, se on peruttu tai vanhentunut. Luo uusi Oma tili -sivulla.
api-token-read-only = Tällä tunnisteella voi vain lukea: luo kirjoitusoikeudellinen tunniste muutoksia varten.
api-stale = Tätä on muutettu If-Match-otsakkeen version jälkeen, joten mitään ei tallennettu. Lue tiedot uudelleen ja tee muutoksesi nykyiseen tilanteeseen.
api-if-match-missing = Muutos tarvitsee If-Match-otsakkeen, jossa on lukemasi version ETag, jotta välissä tehtyä muutosta ei kirjoiteta yli.
api-if-match-invalid = If-Match-otsakkeessa pitää olla yksi ETag sellaisena kuin palvelin sen lähetti, esimerkiksi "12".
api-query-invalid = Kyselyä ei voi lukea: { $detail }
api-body-invalid = Pyynnön runkoa ei voi lukea odotettuna JSONina: { $detail }
api-limit-invalid = limit-arvon pitää olla kokonaisluku 1–{ $max }.
api-cursor-invalid = Palvelin ei ole antanut tätä kursoria: aloita uudelleen ensimmäiseltä sivulta.
api-month-invalid = Anna kuukausi muodossa VVVV-KK, esimerkiksi 2027-03.
api-method-not-allowed = Tämä osoite ei hyväksy tätä metodia: Allow-otsake luettelee hyväksytyt.
