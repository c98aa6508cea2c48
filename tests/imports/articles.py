"""The team's test articles and pages, and the candidate form a browser would post back."""
import re

LEDGER = "frontier-ledger.txt"  # the team's article as copied from a news aggregator, furniture and all
LEDGER_EDITED = "frontier-ledger-edited.txt"  # the same page after a silent edit: one figure gone, one retyped
LEDGER_REPOST = "frontier-ledger-repost.txt"  # a blog's repost of its opening, ending in "Read It All…"
# Page furniture in the team's article and in the seed articles' reposts: never part of a capture or a candidate.
LEDGER_FURNITURE = ["Sign In", "Min Read", "5 + 6", "You Might Also Like", "See Also", "Share", "Facebook",
                    "Subscribe", "Skip to content", "Ten Things to Do in Harbin", "All rights reserved",
                    "Northwind Digest Weekly", "Newsletters", "Northwind Digest >"]
FURNITURE = ["Sign In", "Min Read", "5 + 6", "You Might Also Like", "See Also", "Read It All", "Share This Article",
             "Subscribe", "New Zealand TV Station", "50 Russians Died", "Visited 3 times", "Lost your password",
             "Foxiz", "Privacy Policy", "Newsguard delivers"]

ARTICLE_HTML = """<!doctype html><html><head><title>Treaties and land | Daily Example</title>
<meta name="author" content="Jane Doe"><meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2024-11-05"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> Sign In</nav>
<article><h1>Treaties and land</h1>
<p>The 1858 Treaty of Aigun and the 1860 Convention of Peking alone surrendered over 900,000 square kilometers
(350,000 square miles) to Russia, a figure historians still debate in many places today.</p>
<p>Another 150,000 square miles were lost under the 1864 Treaty of Tarbagatai, according to most accounts of the
period and the maps that were drawn at the time.</p></article>
<aside>You Might Also Like: 10 things to do in Paris</aside><footer>© Daily Example. All rights reserved.</footer>
</body></html>"""


def review_form_data(page: str, accept: dict[int, bool], **overrides) -> dict:
    """Rebuild the candidate formset's POST data from the rendered page, as a browser would."""
    data = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        data[name] = value
    total = int(data["candidate-TOTAL_FORMS"])
    for i in range(total):
        statement = re.search(rf'name="candidate-{i}-statement"[^>]*>\s*(.*?)</textarea>', page, re.S)[1]
        data[f"candidate-{i}-statement"] = statement.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        figure = re.search(rf'name="candidate-{i}-figure_text"(?: value="([^"]*)")?', page)  # no value: no figure
        data[f"candidate-{i}-figure_text"] = figure[1] or "" if figure else ""
        attach = re.search(rf'name="candidate-{i}-attach_to"[^>]*>.*?<option value="([^"]*)" selected', page, re.S)
        data[f"candidate-{i}-attach_to"] = attach[1] if attach else ""
        metric = re.search(rf'name="candidate-{i}-metric"[^>]*>.*?<option value="([^"]*)" selected', page, re.S)
        data[f"candidate-{i}-metric"] = metric[1] if metric else ""
        data[f"candidate-{i}-subjects"] = re.findall(
            rf'name="candidate-{i}-subjects" value="(\d+)"[^>]*checked', page)
        if accept.get(i):
            data[f"candidate-{i}-accept"] = "on"
    data.update(overrides)
    return data
