#!/usr/bin/env python3
"""Crawls every page, CSV and ODS a running Rediflow server shows to one browser and writes them,
normalised (CSRF tokens, nonces, request ids, ODS zip metadata), into OUT for byte comparison.

usage: page-snapshot BASE_URL OUT [MAX_PAGES]
"""
import html, io, os, re, sys, urllib.parse, urllib.request, zipfile, http.cookiejar, hashlib

base, out = sys.argv[1].rstrip('/'), sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
os.makedirs(out, exist_ok=True)
jar = http.cookiejar.CookieJar()
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k): return None
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)

SKIP = re.compile(r'^/(logout|static/|s/|login|oauth/)|/delete$|/revoke-sessions$')
def fetch(path):
    req = urllib.request.Request(base + path, headers={'Accept': 'text/html'})
    try:
        r = opener.open(req, timeout=60)
        return r.status, r.headers.get('Content-Type', ''), r.read(), r.headers.get('Location')
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get('Content-Type', ''), e.read(), e.headers.get('Location')

def normalise_html(text):
    text = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="X"', text)
    text = re.sub(r'nonce="[^"]*"', 'nonce="X"', text)
    text = re.sub(r'(request id|Request id|request-id)[^<]*', r'\1 X', text)
    return text

def normalise_ods(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for name in sorted(z.namelist()):
        if name in ('meta.xml',):
            continue
        parts.append(('== ' + name + '\n').encode() + z.read(name) + b'\n')
    return b''.join(parts)

def file_name(path):
    safe = re.sub(r'[^A-Za-z0-9._=-]+', '_', path.strip('/'))[:150] or 'root'
    return safe + '.' + hashlib.sha1(path.encode()).hexdigest()[:8]

seen, queue, index = set(), ['/', '/projects', '/portfolio', '/people', '/organisations', '/settings',
                             '/my-allocations', '/capacity-requests', '/share', '/account', '/users',
                             '/import', '/help', '/audit', '/quality'], []
while queue and len(seen) < limit:
    path = queue.pop(0)
    if path in seen or SKIP.search(path.split('?')[0]):
        continue
    seen.add(path)
    status, ctype, body, location = fetch(path)
    index.append(f'{status} {ctype.split(";")[0]} {path} -> {location or ""}')
    name = file_name(path)
    if 'spreadsheet' in ctype or path.endswith('.ods') or 'format=ods' in path:
        data = normalise_ods(body) if body[:2] == b'PK' else body
        open(os.path.join(out, name + '.ods.txt'), 'wb').write(data)
        continue
    if 'text/html' not in ctype:
        open(os.path.join(out, name + '.txt'), 'wb').write(body)
        continue
    text = normalise_html(body.decode('utf-8', 'replace'))
    open(os.path.join(out, name + '.html'), 'w').write(text)
    for href in re.findall(r'href="([^"#]+)', text):
        href = html.unescape(href)
        if href.startswith('/') and not href.startswith('//'):
            queue.append(href)
open(os.path.join(out, 'INDEX'), 'w').write('\n'.join(sorted(index)) + '\n')
print(f'{len(seen)} pages written to {out}')
