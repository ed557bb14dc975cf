drop index shared_views_owner_user_id_created_at_idx;
drop function app.share_link_stats(bigint);
drop function app.decide_capacity_request(uuid, boolean, text);
drop function app.capacity_request_lines_of(uuid);
drop function app.capacity_request_overview();
drop function app.can_decide_capacity_request(uuid);
drop function app.capacity_request_visible(uuid, uuid);
