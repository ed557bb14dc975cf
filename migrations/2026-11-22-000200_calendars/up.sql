-- Holiday calendars. Organisations pick one through their country code; FI and SE are
-- filled by `rediflow seed-calendars` (computed, no download), admins may add more.
create table calendars (
    id uuid primary key default gen_random_uuid(),
    code text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
    name text not null check (btrim(name) <> ''),
    -- the country whose organisations use this calendar by default (at most one calendar per country)
    country_code text unique check (country_code ~ '^[A-Z]{2}$')
);

insert into calendars (code, name, country_code) values
    ('FI', 'Finland', 'FI'),
    ('SE', 'Sweden', 'SE');

create table holidays (
    id uuid primary key default gen_random_uuid(),
    calendar_id uuid not null references calendars (id) on delete cascade,
    day date not null,
    name text not null check (btrim(name) <> ''),
    -- two holidays may fall on one day (Ascension Day was also May Day in 2008)
    unique (calendar_id, day, name)
);
create index holidays_calendar_id_day_idx on holidays (calendar_id, day);
