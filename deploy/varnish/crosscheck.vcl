vcl 4.1;
# Varnish in front of Crosscheck's app processes (README, "Deployment"). It keeps anonymous readers'
# pages and API answers until Crosscheck purges one of the tags they show (Surrogate-Key), so a
# correction is visible at once while every page it does not touch stays cached.
#
# Needs Debian's varnish and varnish-modules (the xkey vmod). Edit the backend (or list several
# behind a director) and the purgers ACL, then point CROSSCHECK_PURGE_URLS at this Varnish, e.g.
# CROSSCHECK_PURGE_URLS=http://127.0.0.1:6081/ with CROSSCHECK_PURGE_KIND=xkey.

import xkey;

backend crosscheck {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers. Everyone else gets 403.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from " + client.ip));
        }
        if (req.http.xkey-purge !~ "[^ ,]") {
            return (synth(400, "A purge names its tags in the xkey-purge header"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors (a session) and API clients with a token see drafts and their own name: never cached.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Readers' other cookies (a CSRF token, analytics) change nothing Crosscheck renders for them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Surrogate-Key) {
        # xkey indexes the object under each tag (spaces separate them, as in Surrogate-Key).
        set beresp.http.xkey = beresp.http.Surrogate-Key;
        # A short grace: while a purged page is fetched again, nobody waits on a stale copy's behalf
        # (purged objects are gone, not graced), but a backend hiccup does not show errors at once.
        set beresp.grace = 10s;
        return (deliver);
    }
    if (bereq.url !~ "^/static/") {
        # Untagged answers (404s, redirects, errors) could never be purged: do not keep them.
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.xkey;
}
