"""A labelled set for claim detection and figure reading, written by the team (not taken from any page).

Each article is a list of (sentence or line, is_checkable_claim), in four styles: wire copy, opinion,
explainer, transcript. A line is marked checkable when a fact-checker could verify it against a
record (a figure, a dated event, a ranking, a comparison, a trend, a place or fact of existence, an
attributed statement), whoever says it; opinions, predictions, questions, headings and furniture are
not. The labels were written before the detector was run on these texts.
"""

ARTICLES: dict[str, list[tuple[str, bool]]] = {
    "wire copy": [
        ("VLADIVOSTOK, Russia (Reuters) — Russia opened the port of Vladivostok to Chinese transit cargo on "
         "Tuesday, officials said, the first such arrangement since 1860.", True),
        ("Cargo through the port rose 12% to 24 million tonnes in 2023, the port authority said in a statement.", True),
        ("China's customs agency said bilateral trade reached $240 billion last year, a record.", True),
        ("The agreement allows firms from Heilongjiang and Jilin provinces to ship goods through Vladivostok to "
         "ports in southern China.", True),
        ("Analysts expect volumes to double by 2030.", False),
        ("It is unclear whether Moscow will extend the arrangement to other Pacific ports.", False),
        ("The port, Russia's largest on the Pacific coast, handles about a third of the country's container "
         "traffic in the Far East.", True),
        ("Officials did not say how many ships had used the route so far.", False),
        ("The move follows a visit by Chinese Premier Li Qiang to Moscow in May 2024.", True),
        ("Reporting by Jane Doe; Editing by John Roe", False),
    ],
    "opinion": [
        ("By Ana de Souza", False),
        ("We should stop pretending that the partnership between Moscow and Beijing is a marriage of equals.", False),
        ("China now buys more than 2 million barrels of Russian crude a day, more than any other country.", True),
        ("That gives Beijing leverage that Moscow cannot ignore.", False),
        ("I have watched this relationship for twenty years, and I have never seen Russia so dependent.", False),
        ("In 2014, after the annexation of Crimea, Western sanctions pushed Russian banks toward the yuan.", True),
        ("Today the yuan accounts for about 40% of Russia's foreign trade settlements, up from 3% in 2021.", True),
        ("Is this a partnership or a slow surrender?", False),
        ("The Kremlin will regret it.", False),
        ("Perhaps the border treaties of 2004 will be reopened one day.", False),
        ("Russia is already the junior partner, whatever its leaders say.", False),
    ],
    "explainer": [
        ("What is the Power of Siberia pipeline?", False),
        ("The Power of Siberia pipeline carries natural gas from fields in eastern Siberia to north-east China.", True),
        ("It began operating in December 2019 and runs for about 3,000 kilometres.", True),
        ("Its design capacity is 38 billion cubic metres a year, which it reached in 2024.", True),
        ("A second line, Power of Siberia 2, would cross Mongolia and carry up to 50 bcm a year.", True),
        ("Gazprom and China National Petroleum Corporation have not agreed on a price for the second line.", True),
        ("The first line cost an estimated $55 billion to build.", True),
        ("Gas exports to Europe, by contrast, fell by more than 80% after 2022.", True),
        ("Why does it matter?", False),
        ("For Moscow, the pipeline is a way to replace lost European customers.", False),
        ("For Beijing, it is one supplier among many.", False),
    ],
    "transcript": [
        ("MODERATOR: Good evening and welcome to tonight's debate.", False),
        ("SENATOR HALE: Thank you. Let me start with a fact: we import more steel from China than from any other "
         "country.", True),
        ("Last year alone, steel imports grew by 15 percent.", True),
        ("MODERATOR: Senator Ruiz, your response?", False),
        ("SENATOR RUIZ: That's simply not true.", False),
        ("Steel imports from China fell to 1.2 million tons in 2023, the lowest level since 2001.", True),
        ("And I voted for every tariff that came to the floor.", True),
        ("I believe American workers deserve better.", False),
        ("MODERATOR: We'll be right back after this break.", False),
        ("SENATOR HALE: The plant in Toledo closed in 2019 and 1,200 people lost their jobs.", True),
    ],
}


def article_text(lines: list[tuple[str, bool]]) -> str:
    """Lay an article out as a page would: one paragraph per line."""
    return "\n\n".join(line for line, _claim in lines)


# Figure phrases and how they must read: (value, unit, top of a range) or the start of a refusal.
FIGURES: list[tuple[str, tuple | str]] = [
    ("over 900,000 square kilometers", ("900000", "km²", None)),
    ("approximately 150,000 square miles", ("150000", "sq mi", None)),
    ("up to 50 billion cubic meters annually", ("50000000000", "m³/yr", None)),
    ("11 exercises", ("11", "count", None)),
    ("17 of its 23 territorial disputes", ("17", "count", None)),
    ("increased by 35%", "does not start with a number"),  # the verb is the detector's, not the figure's
    ("35%", ("35", "%", None)),
    ("4.5 percent", ("4.5", "%", None)),
    ("about 40%", ("40", "%", None)),
    ("2.5 percentage points", ("2.5", "pp", None)),
    ("$2.174T", ("2174000000000", "USD", None)),
    ("$470B", ("470000000000", "USD", None)),
    ("$539 to $899", ("539", "USD", "899")),
    ("€3bn", ("3000000000", "EUR", None)),
    ("£250m", ("250000000", "GBP", None)),
    ("5 million euros", ("5000000", "EUR", None)),
    ("9–11 exercises", ("9", "count", "11")),
    ("between 9 and 11 exercises", ("9", "count", "11")),
    ("from 9 to 11 exercises", ("9", "count", "11")),
    ("2–3 million people", ("2000000", "count", "3000000")),
    ("forty", ("40", "count", None)),
    ("two million people", ("2000000", "count", None)),
    ("twenty-five ships", ("25", "count", None)),
    ("4 km cubed", ("4", "km³", None)),
    ("4 km squared", ("4", "km²", None)),
    ("70cm", ("70", "cm", None)),
    ("1.5°C", ("1.5", "°C", None)),
    ("0 km²", ("0", "km²", None)),
    ("3:00 pm", "'3:00 pm' is a clock time"),
    ("on June 2", "'on June 2' does not start with a number"),
    ("4 December 2017", "'4 December 2017' is a day of the month"),
    ("Python 3", "'Python 3' does not start with a number"),
    ("273/tcp", "'273/tcp' is a network port"),
    ("chmod 400", "'chmod 400' does not start with a number"),
    ("9 zorks a year", "unknown unit 'zorks'"),
    ("over 600,000 hectopascals", "unit 'hectopascals' (pressure)"),
    ("-5 km²", "negative figure"),
    ("999999999999999999999999999999 km²", "the number 999999999999999999999999999999 is too large"),
    ("1e308 km²", "'1e308 km²' is too large"),
    ("1e400 square miles", "'1e400 square miles' is too large"),
    ("1858", ("1858", "year", None)),
    ("a further 100,000 square miles", ("100000", "sq mi", None)),
]


# Written after the detector was tuned on ARTICLES, and run once: not used to change the detector.
HELD_OUT: dict[str, list[tuple[str, bool]]] = {
    "wire copy (held out)": [
        ("BLAGOVESHCHENSK (AP) — A road bridge over the Amur River between Blagoveshchensk and Heihe opened to "
         "freight traffic in June 2022, local officials said.", True),
        ("The bridge is about 1,080 meters long and cost 19 billion rubles.", True),
        ("Traffic over it has grown every year since it opened, according to the regional government.", True),
        ("Local traders hope the crossing will bring more tourists next summer.", False),
        ("The region shares a border of more than 1,200 kilometers with China.", True),
        ("Blagoveshchensk is the administrative centre of the Amur Oblast.", True),
        ("Photo: Reuters", False),
        ("Read more: How the border trade is changing", False),
    ],
    "explainer (held out)": [
        ("How big is the Russian Far East?", False),
        ("The Far Eastern Federal District covers about 6.9 million square kilometres, more than a third of "
         "Russia's territory.", True),
        ("Fewer than 8 million people live there, and the population has fallen since 1991.", True),
        ("Its largest city is Khabarovsk, followed closely by Vladivostok.", True),
        ("The district was enlarged in 2018, when Buryatia and Zabaykalsky Krai were moved into it.", True),
        ("It would take weeks to drive from one end to the other.", False),
        ("Many residents feel forgotten by Moscow.", False),
        ("The region could become a bridge between Russia and Asia, some economists argue.", False),
    ],
}
