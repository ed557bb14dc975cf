#!/usr/bin/env python3
"""Crawls every page, CSV and ODS a running Rediflow server shows to one browser and writes them,
normalised (CSRF tokens, nonces, request ids, ODS zip metadata), into OUT for byte comparison.

Row ids are random (gen_random_uuid), so every UUID is replaced by a label made from its table and
the row's content (with the UUIDs it refers to replaced by their labels in turn), and timestamps by
a placeholder: two runs of the same code give the same bytes.

usage: page-snapshot BASE_URL OUT [MAX_PAGES]   (DATABASE_URL: the database the server reads)
"""
import html, io, json, os, re, subprocess, sys, urllib.parse, urllib.request, zipfile, http.cookiejar, hashlib

base, out = sys.argv[1].rstrip('/'), sys.argv[2]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else 20000
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

UUID = re.compile(r'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
TIMESTAMP = re.compile(r'\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?| UTC)?')

def row_labels():
    """UUID -> 'table:hash' for every row of every table with a uuid id."""
    db = os.environ['DATABASE_URL']
    q = ("select table_name from information_schema.columns where table_schema = 'public' "
         "and column_name = 'id' and data_type = 'uuid'")
    tables = subprocess.run(['psql', db, '-Atc', q], capture_output=True, text=True, check=True).stdout.split()
    rows = []
    for t in tables:
        out = subprocess.run(['psql', db, '-Atc', f'select row_to_json(x) from "{t}" x'],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            rows.append((t, r['id'], {k: v for k, v in r.items()
                                      if k not in ('id', 'version') and not k.endswith('_at')}))
    labels = {}
    for _ in range(4):  # references resolve in a few rounds (a tree of organisations at most)
        new, counts = {}, {}
        for t, rid, content in sorted(rows, key=lambda r: r[0]):
            text = UUID.sub(lambda m: labels.get(m.group(0), 'U'), json.dumps(content, sort_keys=True))
            label = t + ':' + hashlib.sha1(text.encode()).hexdigest()[:10]
            counts[label] = counts.get(label, 0) + 1
            new[rid] = label if counts[label] == 1 else f'{label}.{counts[label]}'
        labels = new
    return labels

LABELS = row_labels()

# The audit log names rows by the first 8 hex digits of their id.
SHORT = {rid[:8]: label for rid, label in LABELS.items()}
SHORT_ID = re.compile(r'(?<![0-9a-f-])[0-9a-f]{8}(?![0-9a-f-])')

def stable(text):
    text = UUID.sub(lambda m: LABELS.get(m.group(0), 'UUID?'), text)
    text = SHORT_ID.sub(lambda m: SHORT.get(m.group(0), m.group(0)), text)
    return TIMESTAMP.sub('TIMESTAMP', text)

def normalise_html(text):
    text = re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value="X"', text)
    text = re.sub(r'nonce="[^"]*"', 'nonce="X"', text)
    text = re.sub(r'(request id|Request id|request-id)[^<]*', r'\1 X', text)
    return stable(text)

TAG = re.compile(r'<([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")+)\s*(/?)>')
ATTR = re.compile(r'([\w:.-]+="[^"]*")')

def canonical_xml(text):
    """The ODS writer puts a tag's attributes (its namespaces) and the manifest's entries in an
    order of its own hash map, different in each process: sorted here."""
    text = TAG.sub(lambda m: '<' + m.group(1) + ' ' + ' '.join(sorted(ATTR.findall(m.group(2))))
                   + (' /' if m.group(3) else '') + '>', text)
    entries = re.findall(r'<manifest:file-entry [^>]*/>', text)
    if entries:
        first = text.index(entries[0])
        rest = text[first:]
        for e in entries:
            rest = rest.replace(e, '', 1)
        text = text[:first] + ''.join(sorted(entries)) + rest
    return text

def normalise_ods(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = []
    for name in sorted(z.namelist()):
        if name in ('meta.xml',):
            continue
        parts.append(('== ' + name + '\n').encode()
                     + stable(canonical_xml(z.read(name).decode('utf-8', 'replace'))).encode() + b'\n')
    return b''.join(parts)

def file_name(path):
    path = stable(path)
    safe = re.sub(r'[^A-Za-z0-9._=-]+', '_', path.strip('/'))[:150] or 'root'
    return safe + '.' + hashlib.sha1(path.encode()).hexdigest()[:8]

variants = {}
seen, queue, index = set(), ['/', '/projects', '/portfolio', '/people', '/organisations', '/settings',
                             '/my-allocations', '/capacity-requests', '/share', '/account', '/users',
                             '/import', '/help', '/audit', '/quality'], []
while queue and len(seen) < limit:
    path = queue.pop(0)
    if path in seen or SKIP.search(path.split('?')[0]):
        continue
    # Month navigation links on without end (from=...): a few variants of each page are enough.
    base_path = path.split('?')[0]
    if '?' in path:
        variants[base_path] = variants.get(base_path, 0) + 1
        if variants[base_path] > 4:
            continue
    seen.add(path)
    status, ctype, body, location = fetch(path)
    index.append(stable(f'{status} {ctype.split(";")[0]} {path} -> {location or ""}'))
    name = file_name(path)
    if 'spreadsheet' in ctype or path.endswith('.ods') or 'format=ods' in path:
        data = normalise_ods(body) if body[:2] == b'PK' else body
        open(os.path.join(out, name + '.ods.txt'), 'wb').write(data)
        continue
    if 'text/html' not in ctype:
        open(os.path.join(out, name + '.txt'), 'w').write(stable(body.decode('utf-8', 'replace')))
        continue
    raw = body.decode('utf-8', 'replace')
    open(os.path.join(out, name + '.html'), 'w').write(normalise_html(raw))
    for href in re.findall(r'href="([^"#]+)', raw):
        href = html.unescape(href)
        if href.startswith('/') and not href.startswith('//'):
            queue.append(href)
open(os.path.join(out, 'INDEX'), 'w').write('\n'.join(sorted(index)) + '\n')
print(f'{len(seen)} pages written to {out}')
