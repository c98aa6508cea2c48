"""Every checkable claim in the two seed articles, with short verbatim quotes and source metadata.

The articles themselves are not copied here (see ../shared/seeds/README.md); only what an editor
would record: who published what, and the exact words of each claim. ``load_seed`` loads this.
"""

TULLY_TITLE = "Russia\u2019s alliance of convenience with China is a ticking time bomb"
CAPEK_TITLE = "Why Chinese Nationalists Want Russia\u2019s Far East"

PUBLISHERS = [
    {"name": "The Kyiv Independent", "kind": "news", "homepage": "https://kyivindependent.com/"},
    {"name": "Hudson Institute", "kind": "think_tank", "homepage": "https://www.hudson.org/"},
    {
        "name": "Newsguard",
        "kind": "aggregator",
        "description": "News aggregator; its page footer reads \u201c@Newsguard \u2013 Codeus Design\u201d and its "
        "tagline \u201cNews as they happen\u201d.",
    },
]

# "key" is the slug; "original" names the key of the source a repost copies.
SOURCES = [
    {
        "key": "tully-kyiv-independent",
        "title": TULLY_TITLE,
        "publisher": "The Kyiv Independent",
        "authors": ["Ryan Tully"],
        "kind": "opinion",
        "date_note": "Published after the Kazan BRICS+ summit (22\u201324 October 2024), most likely in "
        "November 2024; the exact date and address are not confirmed.",
        "notes": "Subtitle: \u201cRussia\u2019s partnership with China is built on shared interests, but territorial "
        "disputes and historical grievances could very well tear it apart\u201d. URL left empty for an editor "
        "to fill once confirmed.",
    },
    {
        "key": "tully-hudson-institute",
        "title": TULLY_TITLE,
        "publisher": "Hudson Institute",
        "authors": ["Ryan Tully"],
        "kind": "repost",
        "original": "tully-kyiv-independent",
        "date_note": "Republished as Hudson Institute commentary; date not confirmed.",
    },
    {
        "key": "tully-blog-repost",
        "title": TULLY_TITLE,
        "publisher": None,
        "authors": ["Ryan Tully"],
        "kind": "repost",
        "original": "tully-kyiv-independent",
        "published_on": "2025-01-19",
        "date_note": "Blog repost dated 19 January 2025 that quotes the opening and links to the original "
        "(\u201cRead It All\u2026\u201d).",
        "notes": "Seed file 000_b83be82a456f9973.txt. The blog is not named on the page.",
    },
    {
        "key": "capek-original",
        "title": CAPEK_TITLE,
        "publisher": None,
        "authors": ["Filip Capek"],
        "kind": "opinion",
        "date_note": "Written in 2025: it quotes Xi\u2019s words to Putin \u201cin February of this year\u201d and counts "
        "exercises up to 2024. Original outlet and date not confirmed.",
    },
    {
        "key": "capek-newsguard-repost",
        "title": CAPEK_TITLE,
        "publisher": "Newsguard",
        "authors": ["Filip Capek"],
        "kind": "repost",
        "original": "capek-original",
        "updated_at_source": "2026-02-12T22:48:00+00:00",
        "date_note": "The aggregator page says \u201cLast updated: February 12, 2026 10:48 pm\u201d (time zone not given).",
        "notes": "Seed file 003_f07948176295993b.txt.",
    },
]

ENTITIES = [
    {"name": "Treaty of Aigun", "kind": "treaty", "aliases": [("Treaty of Aihun", "")],
     "description": "1858 treaty by which the Qing court ceded the left bank of the Amur River to Russia."},
    {"name": "Convention of Peking", "kind": "treaty",
     "aliases": [("Treaty of Beijing", ""), ("Treaty of Peking", ""), ("Convention of Beijing", "")],
     "description": "1860 treaty that confirmed the Treaty of Aigun and ceded the land east of the Ussuri River."},
    {"name": "Treaty of Tarbagatai", "kind": "treaty", "aliases": [("Protocol of Chuguchak", "")],
     "description": "1864 treaty that ceded territory in the north-west of the Qing Empire to Russia."},
    {"name": "Treaty of Nerchinsk", "kind": "treaty", "aliases": [],
     "description": "1689 treaty, the first between Imperial Russia and the Qing dynasty."},
    {"name": "Vladivostok", "kind": "place", "aliases": [("Haishenwai", "in China")],
     "description": "Russian port city on the Sea of Japan."},
    {"name": "Bolshoy Ussuriysky Island", "kind": "place",
     "aliases": [("Heixiazi Island", "in China"), ("Bolshoy Ussuriysky", "")],
     "description": "Island at the confluence of the Amur and Ussuri rivers."},
    {"name": "Outer Manchuria", "kind": "region", "aliases": [],
     "description": "The lands ceded by the Qing to Russia under the treaties of Aigun and Peking."},
    {"name": "Territories beyond Vladivostok", "kind": "region", "aliases": [],
     "description": "The region Tully\u2019s article describes as lying beyond Vladivostok, towards the Sea of Okhotsk."},
    {"name": "Russia", "kind": "country", "aliases": [("Russian Federation", ""), ("Tsarist Russia", ""),
                                                      ("Imperial Russia", ""), ("Russian Empire", "")]},
    {"name": "China", "kind": "country", "aliases": [("People's Republic of China", "")]},
    {"name": "Qing dynasty", "kind": "organisation", "aliases": [("Qing Empire", ""), ("Qing court", "")]},
    {"name": "Vladimir Putin", "kind": "person", "aliases": [("Putin", "")]},
    {"name": "Xi Jinping", "kind": "person", "aliases": [("Xi", "")]},
    {"name": "BRICS+ summit in Kazan", "kind": "event", "aliases": [("Kazan BRICS+ summit", "")],
     "description": "Summit held in Kazan, Russia, on 22\u201324 October 2024."},
    {"name": "Vostok 2022", "kind": "event", "aliases": [], "description": "Russian-led military exercise."},
    {"name": "Power of Siberia 2", "kind": "infrastructure", "aliases": [],
     "description": "Planned gas pipeline from Russia to China."},
    {"name": "Tibet", "kind": "region", "aliases": []},
    {"name": "Crimea", "kind": "region", "aliases": []},
    {"name": "Belarus", "kind": "country", "aliases": []},
    {"name": "Zhou Libo", "kind": "person", "aliases": [], "description": "Chinese talent-show host."},
    {"name": "Weibo", "kind": "organisation", "aliases": []},
    {"name": "Amur River", "kind": "place", "aliases": [("Amur", "")]},
    {"name": "Sea of Okhotsk", "kind": "place", "aliases": []},
    {"name": "Blagoveshchensk", "kind": "place", "aliases": []},
    {"name": "Siberia", "kind": "region", "aliases": [("East Siberia", "")]},
    {"name": "Ministry of Natural Resources of China", "kind": "organisation",
     "aliases": [("China\u2019s Ministry of Natural Resources", "")]},
]

# The same entities as Russian and Chinese sources name them (simplified and traditional characters),
# and the transliterations English writing uses: (name, note, language tag).
NAMES_IN_OTHER_LANGUAGES = {
    "Siberia": [("Сибирь", "", "ru"), ("西伯利亚", "", "zh-Hans")],
    "Treaty of Aigun": [("Айгунский договор", "", "ru"), ("瑷珲条约", "", "zh-Hans"), ("璦琿條約", "", "zh-Hant"),
                        ("Treaty of Aihui", "pinyin", "zh-Latn"), ("中俄瑷珲条约", "", "zh-Hans")],
    "Convention of Peking": [("Пекинский договор", "", "ru"), ("北京条约", "", "zh-Hans"),
                             ("北京條約", "", "zh-Hant"), ("中俄北京条约", "", "zh-Hans")],
    "Treaty of Tarbagatai": [("Чугучакский протокол", "", "ru"), ("勘分西北界约记", "", "zh-Hans")],
    "Treaty of Nerchinsk": [("Нерчинский договор", "", "ru"), ("尼布楚条约", "", "zh-Hans"),
                            ("尼布楚條約", "", "zh-Hant")],
    "Vladivostok": [("Владивосток", "", "ru"), ("Хайшэньвэй", "the Chinese name, in Russian letters", "ru"),
                    ("海参崴", "in China", "zh-Hans"), ("海參崴", "in Taiwan and Hong Kong", "zh-Hant"),
                    ("符拉迪沃斯托克", "the Russian name, in Chinese characters", "zh-Hans")],
    "Bolshoy Ussuriysky Island": [("Большой Уссурийский", "", "ru"), ("黑瞎子岛", "in China", "zh-Hans")],
    "Outer Manchuria": [("Внешняя Маньчжурия", "", "ru"), ("外东北", "in China", "zh-Hans"),
                        ("外满洲", "", "zh-Hans")],
    "Russia": [("Россия", "", "ru"), ("Российская империя", "", "ru"), ("俄罗斯", "", "zh-Hans"),
               ("俄國", "", "zh-Hant"), ("俄国", "", "zh-Hans"), ("沙俄", "Tsarist Russia", "zh-Hans")],
    "China": [("Китай", "", "ru"), ("КНР", "", "ru"), ("中国", "", "zh-Hans"), ("中國", "", "zh-Hant")],
    "Qing dynasty": [("Цинская империя", "", "ru"), ("империя Цин", "", "ru"), ("清朝", "", "zh-Hans"),
                     ("清政府", "", "zh-Hans")],
    "Vladimir Putin": [("Владимир Путин", "", "ru"), ("Путин", "", "ru"), ("普京", "", "zh-Hans")],
    "Xi Jinping": [("Си Цзиньпин", "", "ru"), ("习近平", "", "zh-Hans"), ("習近平", "", "zh-Hant")],
    "Power of Siberia 2": [("Сила Сибири 2", "", "ru"), ("西伯利亚力量2号", "", "zh-Hans")],
    "Amur River": [("Амур", "", "ru"), ("黑龙江", "the river, in China", "zh-Hans"),
                   ("黑龍江", "", "zh-Hant")],
    "Sea of Okhotsk": [("Охотское море", "", "ru"), ("鄂霍次克海", "", "zh-Hans")],
    "Blagoveshchensk": [("Благовещенск", "", "ru"), ("海兰泡", "the Chinese name", "zh-Hans"),
                        ("布拉戈维申斯克", "", "zh-Hans")],
    "Weibo": [("微博", "", "zh-Hans"), ("Вэйбо", "", "ru")],
}

METRICS = [
    {"name": "Area ceded", "canonical_unit": "km²", "additive": True, "cumulative": False,
     "description": "Land transferred from one state to another under a treaty."},
    {"name": "Leader meetings", "canonical_unit": "count", "additive": False, "cumulative": True,
     "description": "In-person meetings between two leaders over a period."},
    {"name": "Joint military exercises per year", "canonical_unit": "count", "additive": False,
     "cumulative": False, "description": "Joint exercises held by two countries' armed forces in one year."},
    {"name": "Territorial disputes settled", "canonical_unit": "count", "additive": False, "cumulative": True,
     "description": "Territorial disputes a country has settled over a period."},
    {"name": "Pipeline capacity", "canonical_unit": "m³/yr", "additive": False, "cumulative": False,
     "description": "The volume a pipeline can carry in a year."},
    {"name": "Year signed", "canonical_unit": "year", "additive": False, "cumulative": False,
     "description": "The year a treaty or agreement was signed."},
    {"name": "Year it happened", "canonical_unit": "year", "additive": False, "cumulative": False,
     "description": "The year an event took place."},
]

TULLY = "tully-blog-repost"
CAPEK = "capek-newsguard-repost"
# The seed files (in CROSSCHECK_SEED_ARTICLES_DIR) each source was copied from.
SEED_FILES = {TULLY: "000_b83be82a456f9973.txt", CAPEK: "003_f07948176295993b.txt"}

# Each claim: slug, statement, subjects, optional metric + figure + period, and its appearances
# (source key, verbatim quote, and the figure as that source words it when it differs).
CLAIMS = [
    # --- Areas ceded -----------------------------------------------------------------------------
    {
        "slug": "aigun-and-peking-ceded-over-900000-km2",
        "statement": "The 1858 Treaty of Aigun and the 1860 Convention of Peking together ceded over "
        "900,000 square kilometres to Russia.",
        "subjects": ["Treaty of Aigun", "Convention of Peking"],
        "metric": "Area ceded",
        "figure": "over 900,000 square kilometers",
        "appearances": [(TULLY, "The 1858 Treaty of Aigun and the 1860 Convention of Peking alone surrendered "
                                "over 900,000 square kilometers (350,000 square miles)", "")],
    },
    {
        "slug": "aigun-and-peking-ceded-350000-square-miles",
        "statement": "The 1858 Treaty of Aigun and the 1860 Convention of Peking together ceded 350,000 square "
        "miles to Russia.",
        "subjects": ["Treaty of Aigun", "Convention of Peking"],
        "metric": "Area ceded",
        "figure": "350,000 square miles",
        "appearances": [(TULLY, "The 1858 Treaty of Aigun and the 1860 Convention of Peking alone surrendered "
                                "over 900,000 square kilometers (350,000 square miles)", "")],
    },
    {
        "slug": "ceded-area-comparable-to-texas-and-france",
        "statement": "The area ceded under the Treaty of Aigun and the Convention of Peking is comparable to the "
        "combined territories of Texas and France.",
        "subjects": ["Treaty of Aigun", "Convention of Peking"],
        "appearances": [(TULLY, "an area comparable to the combined territories of Texas and France", "")],
    },
    {
        "slug": "tarbagatai-ceded-150000-square-miles",
        "statement": "Another 150,000 square miles were ceded to Russia under the 1864 Treaty of Tarbagatai.",
        "subjects": ["Treaty of Tarbagatai"],
        "metric": "Area ceded",
        "figure": "150,000 square miles",
        "appearances": [(TULLY, "Another 150,000 square miles were lost under the 1864 Treaty of Tarbagatai.",
                         "Another 150,000 square miles")],
    },
    {
        "slug": "aigun-ceded-approximately-150000-square-miles",
        "statement": "Under the 1858 Treaty of Aigun the northern bank of the Amur River, an area of approximately "
        "150,000 square miles, was transferred to Russia.",
        "subjects": ["Treaty of Aigun"],
        "metric": "Area ceded",
        "figure": "approximately 150,000 square miles",
        "appearances": [(CAPEK, "the northern bank of the Amur River \u2013 an area of approximately 150,000 square "
                                "miles \u2013 was transferred to Russia", "")],
    },
    {
        "slug": "peking-added-a-further-100000-square-miles",
        "statement": "The 1860 Treaty of Beijing (Convention of Peking) added a further 100,000 square miles to "
        "the area granted to Russia.",
        "subjects": ["Convention of Peking"],
        "metric": "Area ceded",
        "figure": "a further 100,000 square miles",
        "appearances": [(CAPEK, "added a further 100,000 square miles to the area granted to Russia in the earlier "
                                "treaty", "")],
    },
    {
        "slug": "aigun-and-peking-ceded-250000-square-miles",
        "statement": "The treaties of Aigun and Beijing together ceded 250,000 square miles, which today form "
        "Russia\u2019s Far East (Outer Manchuria).",
        "subjects": ["Treaty of Aigun", "Convention of Peking"],
        "metric": "Area ceded",
        "figure": "250,000 square miles",
        "appearances": [(CAPEK, "the 250,000 square miles that today form Russia\u2019s Far East \u2013 occasionally "
                                "referred to as Outer Manchuria", "")],
    },
    # --- Dates of the treaties ------------------------------------------------------------------
    {
        "slug": "treaty-of-aigun-signed-in-1858",
        "statement": "The Treaty of Aigun was signed in 1858.",
        "subjects": ["Treaty of Aigun"],
        "metric": "Year signed",
        "figure": "1858",
        "appearances": [
            (TULLY, "The 1858 Treaty of Aigun", ""),
            (CAPEK, "the Qing court was forced to sign the 1858 Treaty of Aigun", ""),
        ],
    },
    {
        "slug": "convention-of-peking-signed-in-1860",
        "statement": "The Convention of Peking (Treaty of Beijing) was signed in 1860.",
        "subjects": ["Convention of Peking"],
        "metric": "Year signed",
        "figure": "1860",
        "appearances": [
            (TULLY, "the 1860 Convention of Peking", ""),
            (CAPEK, "in 1860, the Treaty of Beijing confirmed the Treaty of Aigun", ""),
        ],
    },
    {
        "slug": "treaty-of-tarbagatai-signed-in-1864",
        "statement": "The Treaty of Tarbagatai was signed in 1864.",
        "subjects": ["Treaty of Tarbagatai"],
        "metric": "Year signed",
        "figure": "1864",
        "appearances": [(TULLY, "the 1864 Treaty of Tarbagatai", "")],
    },
    {
        "slug": "treaty-of-nerchinsk-1689-first-russia-qing-treaty",
        "statement": "The 1689 Treaty of Nerchinsk was the first treaty between Imperial Russia and the Qing "
        "dynasty and delineated their boundary in the Amur River basin.",
        "subjects": ["Treaty of Nerchinsk", "Qing dynasty", "Russia"],
        "metric": "Year signed",
        "figure": "1689",
        "appearances": [(CAPEK, "The 1689 Treaty of Nerchinsk, the first treaty between Imperial Russia and the "
                                "Qing dynasty, which delineated the boundary between the two empires in the Amur "
                                "River basin", "")],
    },
    {
        "slug": "treaty-of-beijing-confirmed-treaty-of-aigun",
        "statement": "The Treaty of Beijing (Convention of Peking) confirmed the Treaty of Aigun.",
        "subjects": ["Convention of Peking", "Treaty of Aigun"],
        "appearances": [(CAPEK, "the Treaty of Beijing confirmed the Treaty of Aigun", "")],
    },
    {
        "slug": "aigun-placed-ussuri-land-under-joint-administration",
        "statement": "Under the Treaty of Aigun, the land between the Ussuri River and the sea, including today\u2019s "
        "Vladivostok, was placed under the joint administration of Russia and the Qing Empire.",
        "subjects": ["Treaty of Aigun", "Vladivostok"],
        "appearances": [(CAPEK, "was placed under joint administration of the two empires", "")],
    },
    {
        "slug": "russia-sent-settlers-down-the-amur-1854-1856",
        "statement": "From 1854 to 1856, Russia sent settlers down the Amur River to set up colonies along the "
        "riverbank.",
        "subjects": ["Russia", "Amur River"],
        "period_start": "1854-01-01", "period_end": "1856-12-31", "period_label": "1854\u20131856",
        "appearances": [(CAPEK, "From 1854 to 1856, Russia sent settlers down the Amur River to set up colonies "
                                "along the riverbank.", "")],
    },
    {
        "slug": "qing-ceded-land-to-tsarist-russia-in-19th-century",
        "statement": "In the 19th century, treaties that Beijing regards as unequal forced the Qing dynasty to cede "
        "vast areas of land to Tsarist Russia.",
        "subjects": ["Qing dynasty", "Russia", "China"],
        "appearances": [
            (TULLY, "territorial treaties, seen as unequal by Beijing, forced the Qing Dynasty to cede vast swathes "
                    "of land to Tsarist Russia", ""),
            (CAPEK, "these lands had been ceded to the Russian Empire through unequal treaties in the second half "
                    "of the 19th century", ""),
        ],
    },
    {
        "slug": "border-disputes-settled-in-1991-1999-and-2004",
        "statement": "Minor disputed areas of the China\u2013Russia border were settled through agreements and "
        "protocols in 1991, 1999 and 2004.",
        "subjects": ["China", "Russia"],
        "period_start": "1991-01-01", "period_end": "2004-12-31", "period_label": "1991, 1999 and 2004",
        "appearances": [(CAPEK, "minor adjustments in small, disputed areas that were settled through agreements "
                                "and protocols in 1991, 1999, and 2004", "")],
    },
    # --- Places and names -----------------------------------------------------------------------
    {
        "slug": "vladivostok-was-once-haishenwai",
        "statement": "Vladivostok was once called Haishenwai, as it is still called in China.",
        "subjects": ["Vladivostok"],
        "appearances": [
            (TULLY, "Vladivostok, once Haishenwai", ""),
            (CAPEK, "today\u2019s city of Vladivostok \u2013 in China called Haishenwai", ""),
        ],
    },
    {
        "slug": "vladivostok-is-russias-largest-pacific-port",
        "statement": "Vladivostok is Russia\u2019s largest Pacific port.",
        "subjects": ["Vladivostok", "Russia"],
        "appearances": [(TULLY, "is now Russia\u2019s largest Pacific port", "")],
    },
    {
        "slug": "vladivostok-is-home-to-the-pacific-fleet",
        "statement": "Vladivostok is home to Russia\u2019s Pacific Fleet.",
        "subjects": ["Vladivostok", "Russia"],
        "appearances": [(TULLY, "home to its Pacific Fleet", "")],
    },
    {
        "slug": "territories-beyond-vladivostok-hold-oil-and-gas",
        "statement": "The territories beyond Vladivostok hold significant oil and natural gas reserves in the Sea "
        "of Okhotsk, as well as timber, gold and rare earth elements.",
        "subjects": ["Territories beyond Vladivostok", "Sea of Okhotsk"],
        "appearances": [(TULLY, "The territories beyond Vladivostok also boasts timber, gold, rare earth elements, "
                                "and significant oil and natural gas reserves in the Sea of Okhotsk.", "")],
    },
    {
        "slug": "outer-manchuria-lacks-significant-oil-or-gas",
        "statement": "Outer Manchuria does not possess significant oil or gas deposits; those resources lie mainly "
        "in Western Siberia and along the Arctic coast.",
        "subjects": ["Outer Manchuria"],
        "appearances": [(CAPEK, "The territory of Outer Manchuria, however, does not possess significant oil or gas "
                                "deposits.", "")],
    },
    {
        "slug": "bolshoy-ussuriysky-was-divided",
        "statement": "Bolshoy Ussuriysky Island (Heixiazi Island in China), at the confluence of the Amur and Ussuri "
        "rivers, was previously divided between Russia and China.",
        "subjects": ["Bolshoy Ussuriysky Island", "Russia", "China"],
        "appearances": [(CAPEK, "Bolshoy Ussuriysky Island, or Heixiazi Island in China, located at the confluence "
                                "of the Amur River and Ussuri River forming the border between Russia and China, was "
                                "previously divided between the two countries.", "")],
    },
    {
        "slug": "2023-chinese-map-shows-island-as-chinese",
        "statement": "In 2023 China\u2019s Ministry of Natural Resources released a standard map that depicted Bolshoy "
        "Ussuriysky Island entirely as Chinese territory.",
        "subjects": ["Ministry of Natural Resources of China", "Bolshoy Ussuriysky Island"],
        "metric": "Year it happened",
        "figure": "2023",
        "appearances": [
            (CAPEK, "in 2023, when China\u2019s Ministry of Natural Resources released the new standard map of China",
             ""),
            (CAPEK, "The 2023 map, however, depicted the island entirely as Chinese territory.", ""),
        ],
    },
    {
        "slug": "russia-opened-port-of-vladivostok-to-china-2023",
        "statement": "In 2023 Russia opened the Port of Vladivostok to China as a cross-border transit hub for "
        "domestic trade.",
        "subjects": ["Vladivostok", "Russia", "China"],
        "metric": "Year it happened",
        "figure": "2023",
        "appearances": [(CAPEK, "in 2023 Russia opened the Port of Vladivostok for China\u2019s disposal as a "
                                "cross-border transit hub for domestic trade", "")],
    },
    # --- Leaders and diplomacy ------------------------------------------------------------------
    {
        "slug": "putin-and-xi-met-over-40-times-since-2012",
        "statement": "Vladimir Putin and Xi Jinping have met over 40 times since 2012.",
        "subjects": ["Vladimir Putin", "Xi Jinping"],
        "metric": "Leader meetings",
        "figure": "over 40 times",
        "period_start": "2012-01-01", "period_end": "2024-10-24",
        "period_label": "since 2012, as of the October 2024 Kazan summit",
        "appearances": [(TULLY, "Russian President Vladimir Putin and Chinese leader Xi Jinping have met over 40 "
                                "times since 2012", "over 40 times")],
    },
    {
        "slug": "xi-met-putin-twice-as-often-as-any-other-leader",
        "statement": "Xi Jinping has met Vladimir Putin more than twice as often as any other world leader.",
        "subjects": ["Xi Jinping", "Vladimir Putin"],
        "appearances": [(TULLY, "with Xi meeting Putin more than twice as often than any other world leader", "")],
    },
    {
        "slug": "brics-summit-held-in-kazan",
        "statement": "The 2024 BRICS+ summit was held in Kazan, Russia, with Brazil, Russia, India, China and South "
        "Africa taking part.",
        "subjects": ["BRICS+ summit in Kazan", "Russia"],
        "appearances": [(TULLY, "The recent BRICS+ summit in Kazan, Russia \u2014 featuring Brazil, Russia, India, "
                                "China, and South Africa", "")],
    },
    {
        "slug": "russia-china-partner-with-no-limits-february-2022",
        "statement": "In February 2022 Russia became China\u2019s \u201cpartner with no limits\u201d.",
        "subjects": ["Russia", "China"],
        "metric": "Year it happened",
        "figure": "2022",
        "period_label": "February 2022",
        "appearances": [(CAPEK, "In February 2022, Russia became China\u2019s \u201cpartner with no limits,\u201d", "")],
    },
    {
        "slug": "xi-called-energy-partnership-mutually-beneficial",
        "statement": "Xi Jinping told Vladimir Putin in February 2025 that the energy partnership should be "
        "\u201cmutually beneficial and truly strategic\u201d.",
        "subjects": ["Xi Jinping", "Vladimir Putin"],
        # "as Xi himself stated in a conversation with Putin"; Tully calls him "Chinese leader Xi Jinping".
        "claimant": ("Xi Jinping", "Chinese leader"),
        "period_label": "February 2025",
        "appearances": [(CAPEK, "\u201cmutually beneficial and truly strategic,\u201d as Xi himself stated in a "
                                "conversation with Putin in February of this year", "")],
    },
    {
        "slug": "russia-most-visited-by-chinese-officials",
        "statement": "Russia is by far the most frequently visited destination of Chinese officials.",
        "subjects": ["Russia", "China"],
        "appearances": [(CAPEK, "Russia is by far the most frequently visited destination by Chinese officials", "")],
    },
    {
        "slug": "russia-china-trade-rising-since-2022",
        "statement": "Total bilateral trade between Russia and China has been rising since 2022.",
        "subjects": ["Russia", "China"],
        "period_start": "2022-01-01", "period_label": "since 2022",
        "appearances": [(CAPEK, "total bilateral trade volumes have been rising since 2022", "")],
    },
    {
        "slug": "putin-family-members-speak-mandarin",
        "statement": "Vladimir Putin has said that some young members of his family speak fluent Mandarin.",
        "subjects": ["Vladimir Putin"],
        "claimant": ("Vladimir Putin", "Russian President"),  # "Russian President Vladimir Putin himself said"
        "appearances": [(CAPEK, "Russian President Vladimir Putin himself said in the past that some of the young "
                                "members of his family speak fluent Mandarin.", "")],
    },
    # --- Military and energy --------------------------------------------------------------------
    {
        "slug": "joint-military-exercises-peaked-at-11-in-2024",
        "statement": "Russia and China held 11 joint military exercises in 2024, the most in any year.",
        "subjects": ["Russia", "China"],
        "metric": "Joint military exercises per year",
        "figure": "11 exercises",
        "period_start": "2024-01-01", "period_end": "2024-12-31", "period_label": "in 2024",
        "appearances": [(CAPEK, "The frequency of joint military exercises has also increased, peaking with 11 "
                                "exercises in 2024.", "11 exercises")],
    },
    {
        "slug": "vostok-2022-joint-exercise",
        "statement": "Vostok 2022 was a joint military exercise in which Russian and Chinese forces took part.",
        "subjects": ["Vostok 2022", "Russia", "China"],
        "appearances": [(TULLY, "frequent joint military exercises, such as Vostok 2022", "")],
    },
    {
        "slug": "china-gets-russian-aerospace-tech-and-supplies-semiconductors",
        "statement": "China has gained access to advanced Russian aerospace technologies and supplies critical "
        "semiconductor components for Russian weapons systems.",
        "subjects": ["China", "Russia"],
        "appearances": [(TULLY, "with China gaining access to advanced Russian aerospace technologies and supplying "
                                "critical semiconductor components for Russian weapons systems", "")],
    },
    {
        "slug": "power-of-siberia-2-up-to-50-bcm-a-year",
        "statement": "The planned Power of Siberia 2 pipeline should carry up to 50 billion cubic metres of natural "
        "gas a year from Russia to China.",
        "subjects": ["Power of Siberia 2"],
        "metric": "Pipeline capacity",
        "figure": "up to 50 billion cubic meters annually",
        "appearances": [(CAPEK, "the Power of Siberia 2 pipeline, which should carry up to 50 billion cubic meters of "
                                "natural gas from Russia to China annually once constructed",
                         "up to 50 billion cubic meters of natural gas from Russia to China annually")],
    },
    {
        "slug": "russia-is-chinas-top-crude-oil-supplier",
        "statement": "Russia is currently China\u2019s top crude oil supplier.",
        "subjects": ["Russia", "China"],
        "appearances": [(CAPEK, "Russia is currently China\u2019s top crude oil supplier", "")],
    },
    {
        "slug": "china-is-worlds-leading-crude-oil-importer",
        "statement": "China is the world\u2019s leading crude oil importer and one of the leading importers of natural "
        "gas and coal.",
        "subjects": ["China"],
        "appearances": [(CAPEK, "as the world\u2019s leading crude oil importer and one of the leading natural gas and "
                                "coal importers", "")],
    },
    # --- Territorial disputes and other dated events --------------------------------------------
    {
        "slug": "china-settled-17-of-23-territorial-disputes-since-1949",
        "statement": "Since 1949, China has settled 17 of its 23 territorial disputes.",
        "subjects": ["China"],
        "metric": "Territorial disputes settled",
        "figure": "17 of its 23 territorial disputes",
        "period_start": "1949-01-01", "period_label": "since 1949",
        "appearances": [(CAPEK, "Since 1949, China has settled 17 of its 23 territorial disputes", "")],
    },
    {
        "slug": "china-incorporated-tibet-in-1950",
        "statement": "China incorporated Tibet in 1950.",
        "subjects": ["China", "Tibet"],
        "metric": "Year it happened",
        "figure": "1950",
        "appearances": [(TULLY, "Beijing\u2019s incorporation of Tibet in 1950", "")],
    },
    {
        "slug": "russia-annexed-crimea-in-2014",
        "statement": "Russia annexed Crimea in 2014, and most of the international community, China included, does "
        "not recognise Crimea as part of Russia.",
        "subjects": ["Russia", "Crimea"],
        "metric": "Year it happened",
        "figure": "2014",
        "appearances": [(CAPEK, "Russia, following its illegal annexation of Crimea in 2014, continues to face the "
                                "reality that the vast majority of the international community does not recognize "
                                "Crimea as a part of the Russian Federation, including China.", "")],
    },
    {
        "slug": "belarus-recognised-crimea-only-in-2021",
        "statement": "Belarus recognised Crimea as part of Russia only in 2021.",
        "subjects": ["Belarus", "Crimea"],
        "metric": "Year it happened",
        "figure": "2021",
        "appearances": [(CAPEK, "Even Belarus \u2013 Russia\u2019s closest ally \u2013 did so only in 2021.", "")],
    },
    {
        "slug": "zhou-libo-weibo-account-suspended-march-2023",
        "statement": "In March 2023 talent-show host Zhou Libo\u2019s Weibo account was suspended after he shared a post "
        "suggesting China should annex territories of Russian Siberia.",
        "subjects": ["Zhou Libo", "Weibo"],
        "metric": "Year it happened",
        "figure": "2023",
        "period_label": "March 2023",
        "appearances": [(CAPEK, "In March 2023, a talent show host Zhou Libo had his account on the Chinese social "
                                "media platform Weibo suspended", "")],
    },
    {
        "slug": "chinese-lessons-in-blagoveshchensk-schools",
        "statement": "Some schools in the Russian border city of Blagoveshchensk have introduced intensive Chinese "
        "language lessons.",
        "subjects": ["Blagoveshchensk"],
        "appearances": [(CAPEK, "newly introduced intensive Chinese language lessons, such as the case of "
                                "Russian-Chinese border city Blagoveshchensk", "")],
    },
    # --- Russia's Far East since 2022, and China's disputes (#25) --------------------------------------
    {
        "slug": "yuan-replacing-ruble-in-chinese-business-in-siberia-since-2022",
        "statement": 'Since 2022 the Chinese yuan has come into much wider use in trade, finance and payments inside Russia, replacing the ruble in Chinese companies’ business in Siberia.',
        "subjects": ['Russia', 'China', 'Siberia'],
        "period_start": "2022-01-01", "period_label": "since 2022",
        "appearances": [(CAPEK, 'Since 2022, the Chinese yuan has recorded massive increased use in trade, finance, and payment systems inside Russia, replacing the ruble for all economic activities Chinese companies conduct in Siberia.', "")],
    },
    {
        "slug": "chinese-companies-replacing-european-ones-in-russia-since-2022",
        "statement": 'Since Russia’s 2022 invasion of Ukraine, Moscow has come to depend on Chinese companies to replace the European companies that left Russia.',
        "subjects": ['Russia', 'China'],
        "period_start": "2022-01-01", "period_label": "since 2022",
        "appearances": [(CAPEK, 'Moscow started to depend on Chinese companies to replace the European ones that have left Russia as a consequence of the aggression.', "")],
    },
    {
        "slug": "far-east-border-crossings-busier-than-ever",
        "statement": 'Border crossings in Russia’s Far East have become busier than ever since 2022.',
        "subjects": ['Russia', 'China'],
        "period_start": "2022-01-01", "period_label": "since 2022",
        "appearances": [(CAPEK, 'border choke-points in the Far East have become busier than ever', "")],
    },
    {
        "slug": "special-economic-zones-for-chinese-investment-in-siberia",
        "statement": 'Moscow has set up Advanced Special Economic Zones and Special Administrative Regions in Siberia, particularly in Outer Manchuria, exclusively for Chinese investment.',
        "subjects": ['Russia', 'Siberia', 'Outer Manchuria'],
        "appearances": [(CAPEK, 'Moscow has set up a number of Advanced Special Economic Zones and Special Administrative Regions in Siberia, particularly in the region of Outer Manchuria, exclusively for Chinese investments.', "")],
    },
    {
        "slug": "chinese-companies-extract-raw-materials-in-russian-far-east",
        "statement": 'Chinese state-owned or subsidised companies extract raw materials such as timber, coal and minerals in the Russian Far East.',
        "subjects": ['China', 'Russia', 'Outer Manchuria'],
        "appearances": [(CAPEK, 'Chinese state-owned or subsidized companies extracting raw materials – such as timber, coal, and minerals', "")],
    },
    {
        "slug": "east-siberia-not-much-farther-from-beijing-than-shanghai",
        "statement": 'East Siberia is not much farther from Beijing than Shanghai is.',
        "subjects": ['Siberia', 'China'],
        "appearances": [(CAPEK, 'East Siberia, a region distant from Moscow, but not much farther from Beijing than the city of Shanghai is', "")],
    },
    {
        "slug": "leaked-fsb-documents-show-kremlin-wary-of-china",
        "statement": 'Leaked FSB documents suggest the Kremlin sees China’s influence in Russia’s Far East as a threat.',
        "subjects": ['Russia', 'China'],
        "appearances": [(CAPEK, 'may even perceive China’s influence in its Far East as a threat, as leaked F.S.B. documents suggest', "")],
    },
    {
        "slug": "china-no-compromise-on-south-and-east-china-sea-islands-and-taiwan",
        "statement": 'China has not offered a compromise in its territorial disputes over the Paracel Islands, the Spratly Islands, the Senkaku/Diaoyu Islands and Taiwan.',
        "subjects": ['China'],
        "appearances": [(CAPEK, 'The territorial disputes where China did not offer a compromise – including the Paracel Islands and the Spratly Islands in the South China Sea, the Senkaku/Diaoyu Islands in the East China Sea, and again Taiwan', "")],
    },
]

# Contradictions the figures cannot show, flagged as an editor would.
MANUAL_CONFLICTS = [
    {
        "claims": ["territories-beyond-vladivostok-hold-oil-and-gas", "outer-manchuria-lacks-significant-oil-or-gas"],
        "note": "Tully says the territories beyond Vladivostok hold significant oil and natural gas reserves; Capek "
        "says Outer Manchuria has no significant oil or gas deposits. The regions overlap, so both cannot be "
        "right without a narrower definition (the Sea of Okhotsk shelf is offshore).",
    },
]

# Text just before and after each quote in its article (W3C TextQuoteSelector prefix/suffix),
# so an appearance can be found again when a snapshot of the article is captured later.
ANCHORS = {
    (TULLY, 'The 1858 Treaty of Aigun and the 1860 Convention of Peking alone surrendered over 900,000 square kilometers (350,000 square miles)'): ('of land to Tsarist Russia. ', ' — an area comparable to the'),
    (TULLY, 'an area comparable to the combined territories of Texas and France'): ('(350,000 square miles) — ', '. Another 150,000 square miles'),
    (TULLY, 'Another 150,000 square miles were lost under the 1864 Treaty of Tarbagatai.'): ('of Texas and France. ', '\n\nThese agreements remain a'),
    (CAPEK, 'the northern bank of the Amur River – an area of approximately 150,000 square miles – was transferred to Russia'): ('1858 Treaty of Aigun, by which ', '. The land between the Ussuri'),
    (CAPEK, 'added a further 100,000 square miles to the area granted to Russia in the earlier treaty'): ('the Treaty of Aigun and ', '. Chinese nationalists’'),
    (CAPEK, 'the 250,000 square miles that today form Russia’s Far East – occasionally referred to as Outer Manchuria'): ('desires usually refer to ', ' – as the other territories'),
    (TULLY, 'The 1858 Treaty of Aigun'): ('of land to Tsarist Russia. ', ' and the 1860 Convention of'),
    (CAPEK, 'the Qing court was forced to sign the 1858 Treaty of Aigun'): ('riverbank. Two years later, ', ', by which the northern bank of'),
    (TULLY, 'the 1860 Convention of Peking'): ('The 1858 Treaty of Aigun and ', ' alone surrendered over 900,000'),
    (CAPEK, 'in 1860, the Treaty of Beijing confirmed the Treaty of Aigun'): ('two empires.\n\nTwo years later, ', ' and added a further 100,000'),
    (TULLY, 'the 1864 Treaty of Tarbagatai'): ('square miles were lost under ', '.\n\nThese agreements remain a'),
    (CAPEK, 'The 1689 Treaty of Nerchinsk, the first treaty between Imperial Russia and the Qing dynasty, which delineated the boundary between the two empires in the Amur River basin'): ('of the growing disorder.\xa0\n\n', ', was repeatedly violated. From'),
    (CAPEK, 'the Treaty of Beijing confirmed the Treaty of Aigun'): ('years later, in 1860, ', ' and added a further 100,000'),
    (CAPEK, 'was placed under joint administration of the two empires'): ('– in China called Haishenwai – ', '.\n\nTwo years later, in 1860,'),
    (CAPEK, 'From 1854 to 1856, Russia sent settlers down the Amur River to set up colonies along the riverbank.'): ('was repeatedly violated. ', ' Two years later, the Qing'),
    (TULLY, 'territorial treaties, seen as unequal by Beijing, forced the Qing Dynasty to cede vast swathes of land to Tsarist Russia'): ('back to the 19th century when ', '. The 1858 Treaty of Aigun and'),
    (CAPEK, 'these lands had been ceded to the Russian Empire through unequal treaties in the second half of the 19th century'): ('part of the Qing Empire, ', '.\xa0\n\nThe idea of China “taking'),
    (CAPEK, 'minor adjustments in small, disputed areas that were settled through agreements and protocols in 1991, 1999, and 2004'): ('the two states, with only ', '.\xa0\n\nAlthough the border'),
    (TULLY, 'Vladivostok, once Haishenwai'): ('cannot be overstated. ', ', is now Russia’s largest'),
    (CAPEK, 'today’s city of Vladivostok – in China called Haishenwai'): ('the East Sea, which included ', ' – was placed under joint'),
    (TULLY, 'is now Russia’s largest Pacific port'): ('Vladivostok, once Haishenwai, ', ' and home to its Pacific Fleet.'),
    (TULLY, 'home to its Pacific Fleet'): ('largest Pacific port and ', '. The territories beyond'),
    (TULLY, 'The territories beyond Vladivostok also boasts timber, gold, rare earth elements, and significant oil and natural gas reserves in the Sea of Okhotsk.'): ('and home to its Pacific Fleet. ', '\n\nRead It All…\n\nSee'),
    (CAPEK, 'The territory of Outer Manchuria, however, does not possess significant oil or gas deposits.'): ('with its vast reserves. ', ' Those resources are primarily'),
    (CAPEK, 'Bolshoy Ussuriysky Island, or Heixiazi Island in China, located at the confluence of the Amur River and Ussuri River forming the border between Russia and China, was previously divided between the two countries.'): ('the new standard map of China. ', ' The 2023 map, however,'),
    (CAPEK, 'in 2023, when China’s Ministry of Natural Resources released the new standard map of China'): ('of this strategy surfaced ', '. Bolshoy Ussuriysky Island, or'),
    (CAPEK, 'The 2023 map, however, depicted the island entirely as Chinese territory.'): ('between the two countries. ', ' While not an official'),
    (CAPEK, 'in 2023 Russia opened the Port of Vladivostok for China’s disposal as a cross-border transit hub for domestic trade'): ('One example happened already – ', '. As long as Putin and Xi can'),
    (TULLY, 'Russian President Vladimir Putin and Chinese leader Xi Jinping have met over 40 times since 2012'): ('is undeniably formidable. ', ', with Xi meeting Putin more'),
    (TULLY, 'with Xi meeting Putin more than twice as often than any other world leader'): ('met over 40 times since 2012, ', '.\n\nTheir shared disdain for'),
    (TULLY, 'The recent BRICS+ summit in Kazan, Russia — featuring Brazil, Russia, India, China, and South Africa'): ('could very well tear it apart\n\n', ' — had some observers hailing'),
    (CAPEK, 'In February 2022, Russia became China’s “partner with no limits,”'): ('annually once constructed.\n\n', ' and while this bilateral'),
    (CAPEK, '“mutually beneficial and truly strategic,” as Xi himself stated in a conversation with Putin in February of this year'): ('with Russia that is ', '.\xa0\n\nBesides, let’s not omit'),
    (CAPEK, 'Russia is by far the most frequently visited destination by Chinese officials'): ('alliance, are thriving. ', ', and total bilateral trade'),
    (CAPEK, 'total bilateral trade volumes have been rising since 2022'): ('by Chinese officials, and ', '. The frequency of joint'),
    (CAPEK, 'Russian President Vladimir Putin himself said in the past that some of the young members of his family speak fluent Mandarin.'): ('border city Blagoveshchensk. ', '\xa0\n\nDoes the growing Chinese'),
    (CAPEK, 'The frequency of joint military exercises has also increased, peaking with 11 exercises in 2024.'): ('have been rising since 2022. ', ' And regardless of the'),
    (TULLY, 'frequent joint military exercises, such as Vostok 2022'): ('for Western power drives ', ', which showcase their'),
    (TULLY, 'with China gaining access to advanced Russian aerospace technologies and supplying critical semiconductor components for Russian weapons systems'): ('reached unprecedented levels, ', '.\n\nYet this burgeoning bromance'),
    (CAPEK, 'the Power of Siberia 2 pipeline, which should carry up to 50 billion cubic meters of natural gas from Russia to China annually once constructed'): ('still plan the construction of ', '.\n\nIn February 2022, Russia'),
    (CAPEK, 'Russia is currently China’s top crude oil supplier'): ('and along the Arctic coast. ', ', and, despite the non-liberal'),
    (CAPEK, 'as the world’s leading crude oil importer and one of the leading natural gas and coal importers'): ('Taylor Fravel noted.\xa0\n\nChina – ', ' – is actively pursuing'),
    (CAPEK, 'Since 1949, China has settled 17 of its 23 territorial disputes'): ('– China’s core interest. ', ', often motivated by domestic'),
    (TULLY, 'Beijing’s incorporation of Tibet in 1950'): ('reclaiming lost territories. ', ', its territorial reclamation'),
    (CAPEK, 'Russia, following its illegal annexation of Crimea in 2014, continues to face the reality that the vast majority of the international community does not recognize Crimea as a part of the Russian Federation, including China.'): ('territorial annexation. ', ' Even Belarus – Russia’s'),
    (CAPEK, 'Even Belarus – Russia’s closest ally – did so only in 2021.'): ('Federation, including China. ', '\xa0\n\nFurthermore, China-Russia'),
    (CAPEK, 'In March 2023, a talent show host Zhou Libo had his account on the Chinese social media platform Weibo suspended'): ('Capek\n11 Min Read\nShare\nSHARE\n\n', ' after sharing a post'),
    (CAPEK, 'newly introduced intensive Chinese language lessons, such as the case of Russian-Chinese border city Blagoveshchensk'): ('is becoming apparent through ', '. Russian President Vladimir'),
    (CAPEK, 'Since 2022, the Chinese yuan has recorded massive increased use in trade, finance, and payment systems inside Russia, replacing the ruble for all economic activities Chinese companies conduct in Siberia.'): ('ly for Chinese investments. ', '\xa0\n\nFurthermore, the Russian '),
    (CAPEK, 'Moscow started to depend on Chinese companies to replace the European ones that have left Russia as a consequence of the aggression.'): ('region has grown even more. ', ' Despite Russia being rather'),
    (CAPEK, 'border choke-points in the Far East have become busier than ever'): ('ained Russia’s options, and ', '.\xa0\n\nMoscow has set up a numb'),
    (CAPEK, 'Moscow has set up a number of Advanced Special Economic Zones and Special Administrative Regions in Siberia, particularly in the region of Outer Manchuria, exclusively for Chinese investments.'): (' become busier than ever.\xa0\n\n', ' Since 2022, the Chinese yua'),
    (CAPEK, 'Chinese state-owned or subsidized companies extracting raw materials – such as timber, coal, and minerals'): (' hinterland for China, with ', ' – and developing infrastruc'),
    (CAPEK, 'East Siberia, a region distant from Moscow, but not much farther from Beijing than the city of Shanghai is'): ('ce of cultural influence in ', '.\xa0\n\nSince the 2022 Russian i'),
    (CAPEK, 'may even perceive China’s influence in its Far East as a threat, as leaked F.S.B. documents suggest'): ('ains skeptical of China and ', ', and probably rightfully. R'),
    (CAPEK, 'The territorial disputes where China did not offer a compromise – including the Paracel Islands and the Spratly Islands in the South China Sea, the Senkaku/Diaoyu Islands in the East China Sea, and again Taiwan'): ('er significant compromises. ', ' – may be designated as core'),
}
