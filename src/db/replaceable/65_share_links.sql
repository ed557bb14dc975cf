-- Share links (`/s/<code>`) and their statistics.

-- `/s/<code>`: the target of a share link, counting the click. Runs as the owner because the
-- link belongs to another user; the target page applies the visitor's own visibility.
create function app.resolve_share(share_code text) returns text
    language sql volatile security definer set search_path = pg_catalog, public, pg_temp
    as $$
        update shared_views set clicks = clicks + 1, last_clicked_at = now()
        where code = share_code and app.is_signed_in()
        returning target_path
    $$;

-- Share links with at least `min_clicks` clicks, for administrators (shared_views rows are
-- otherwise visible to their owner only); nothing for anybody else.
create function app.share_link_stats(min_clicks bigint) returns table (
    id uuid,
    code text,
    owner text,
    target_path text,
    title text,
    clicks bigint,
    created_at timestamptz,
    last_clicked_at timestamptz
)
    language sql stable security definer set search_path = pg_catalog, public, pg_temp
    as $$
        select v.id, v.code, coalesce(u.display_name || ' (' || u.username || ')', u.username), v.target_path, v.title, v.clicks,
               v.created_at, v.last_clicked_at
        from shared_views v join users u on u.id = v.owner_user_id
        where app.is_admin() and v.clicks >= min_clicks
        order by v.clicks desc, v.created_at desc
    $$;
