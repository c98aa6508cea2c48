"""The words the corpus templates are filled with: invented people, places, bodies and policies."""

PEOPLE = [
    "Senator Hollis", "Governor Marsh", "Mayor Okafor", "President Lindqvist", "Minister Duarte", "Ms. Varga",
    "Mr. Brennan", "Dr. Achebe", "Congresswoman Reyes", "Chancellor Weiss", "Prime Minister Tanaka",
    "Secretary Albright-Cole", "Judge Moreno", "Commissioner Haddad", "General Petrov", "Ambassador Nwosu",
    "Councillor Byrne", "Representative Kowalski", "Mr. Delgado", "Ms. Fairweather", "Vice President Sato",
    "Senator Quinlan", "Governor Abernathy", "Mayor Castellanos", "Mr. Ibsen", "Ms. Mbeki", "Dr. Lindholm",
]
SURNAMES = ["Hollis", "Marsh", "Okafor", "Lindqvist", "Duarte", "Varga", "Brennan", "Achebe", "Reyes", "Weiss",
            "Tanaka", "Moreno", "Haddad", "Petrov", "Nwosu", "Byrne", "Kowalski", "Delgado", "Fairweather",
            "Sato", "Quinlan", "Abernathy", "Castellanos", "Ibsen", "Mbeki", "Lindholm", "Carver", "Ferreira"]
SPEAKERS = ["HOLLIS", "MARSH", "OKAFOR", "MODERATOR", "REYES", "QUINLAN", "DELGADO", "CARVER", "FERREIRA"]
ROLES = ["the finance minister", "the state treasurer", "a spokeswoman for the ministry", "the party chairman",
         "the health commissioner", "the defence secretary", "the central bank governor", "the city manager",
         "the labour minister", "a senior adviser", "the opposition leader", "the agency's director"]
COUNTRIES = ["Norland", "Castavia", "Brazil", "Canada", "Japan", "Germany", "Mexico", "Kenya", "India", "Poland",
             "the United States", "France", "Nigeria", "Chile", "Vietnam", "Egypt", "Turkey", "Spain", "Ghana",
             "Indonesia", "Argentina", "Sweden", "Morocco", "Peru", "Ukraine", "Australia", "South Korea"]
PLACES = ["Riverton", "Ashford", "Port Delane", "Millbrook", "Kestrel Bay", "Oakridge", "Lakeside County",
          "the northern province", "the capital", "Harbour City", "Greenvale", "Stonebridge", "the Delta region",
          "Cedar Falls", "the coastal districts", "West Marlow", "Fairhaven", "the border towns"]
STATES = ["Ohio", "Texas", "Iowa", "Florida", "Michigan", "Arkansas", "Georgia", "Arizona", "Nevada", "Oregon",
          "Pennsylvania", "Wisconsin", "Minnesota", "Colorado", "Virginia", "Kansas", "Maine", "Utah"]
BODIES = ["the Treasury", "the health ministry", "the statistics office", "the Labor Department",
          "the Census Bureau", "the central bank", "the Pentagon", "the election commission", "the city council",
          "the transport authority", "the education department", "the audit office", "the World Bank",
          "the IMF", "the housing agency", "the water board", "the police department", "Parliament",
          "the Senate", "Congress", "the Supreme Court", "the energy regulator", "the port authority"]
COMPANIES = ["Halvorsen Steel", "Brightline Energy", "Norcast Mining", "Pellworth Foods", "Quayside Logistics",
             "Vantor Pharmaceuticals", "Meridian Air", "Arkwell Motors", "Solstice Telecom", "Granite Bank"]
THINGS = ["jobs", "teachers", "nurses", "police officers", "schools", "hospitals", "homes", "bridges",
          "factories", "farms", "soldiers", "troops", "students", "voters", "families", "small businesses",
          "miles of road", "acres of forest", "tanks", "ships", "aircraft", "clinics", "prisoners", "refugees",
          "doctors", "apprenticeships", "wind turbines", "housing units", "arrests", "visas", "flights"]
AMOUNTS = ["$2 billion", "$40 million", "$1.5 trillion", "$700 million", "$12 billion", "$350 million",
           "$90 billion", "$4.2 billion", "€3 billion", "£800 million", "$200 million", "$6 million",
           "$15,000", "$27 billion", "$500 million", "$1.1 billion", "$80 million"]
PERCENTS = ["4 percent", "12 percent", "60 percent", "7.5 percent", "30 percent", "2 percent", "18 percent",
            "45 percent", "9 percent", "0.5 percent", "25%", "3.2%", "70 percent", "11 percent", "one-third",
            "two-thirds", "half", "a quarter", "three-quarters"]
COUNTS = ["3 million", "40,000", "1,200", "250", "17", "600", "2.5 million", "80,000", "11", "430", "9,000",
          "one million", "twenty", "five hundred", "150,000", "thirty-one", "4,700", "12", "seven million"]
YEARS = [str(y) for y in range(1961, 2025, 3)]
RECENT = ["last year", "in 2019", "since 2010", "over the last decade", "in the past four years", "in 2022",
          "between 2008 and 2012", "since 1995", "during his first term", "in the last two years", "in 2016",
          "over the past eight years", "since the recession", "in the 1980s", "by 2020", "in fiscal 2023"]
POLICIES = ["the minimum wage", "the farm bill", "the trade agreement", "the balanced budget amendment",
            "the assault weapons ban", "the tax cut", "the health care law", "the energy bill", "school vouchers",
            "the pipeline", "the border fence", "the stimulus package", "the pension reform", "the carbon tax",
            "the defence budget", "Social Security", "the welfare reform", "the highway bill", "affirmative action",
            "the nuclear treaty", "the water rights act", "the crime bill", "tariffs on steel", "the gas tax"]
TOPICS = ["education", "health care", "the economy", "foreign policy", "immigration", "taxes", "energy",
          "crime", "the environment", "defence", "trade", "housing", "jobs", "the deficit", "agriculture",
          "veterans", "pensions", "transport", "climate", "national security"]
MEASURES = ["unemployment", "inflation", "the deficit", "the national debt", "crime", "the murder rate",
            "poverty", "tuition", "the trade deficit", "interest rates", "gas prices", "infant mortality",
            "emissions", "wages", "home prices", "the dropout rate", "exports", "imports", "rents"]
DIRECTIONS_UP = ["rose", "went up", "increased", "climbed", "doubled", "grew", "jumped", "tripled"]
DIRECTIONS_DOWN = ["fell", "went down", "dropped", "declined", "was cut", "shrank", "came down", "was halved"]
ADJECTIVES_GOOD = ["great", "wonderful", "strong", "fair", "sensible", "remarkable", "decent", "smart"]
ADJECTIVES_BAD = ["terrible", "disastrous", "reckless", "dangerous", "shameful", "irresponsible", "wrong",
                  "foolish", "outrageous", "a mess", "a failure", "unfair", "a disgrace"]
VALUES = ["freedom", "opportunity", "fairness", "security", "hope", "peace", "strength", "dignity", "leadership"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
