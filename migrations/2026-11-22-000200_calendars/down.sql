drop table holidays;
drop table calendars;
