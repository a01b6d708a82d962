"""Fixed tables behind the synthetic report corpus of ``generate.py``.

Everything here is invented or public reference knowledge (US area codes, state
capitals, rough growth medians, a rough share of the foster care population per
state); no record describes a real person. The tables are plain tuples so that the
generator draws from them in a fixed order (same seed, same corpus).
"""

from __future__ import annotations

__all__ = [
    "AGE_WEIGHTS",
    "EXTENDED_CARE_AGES",
    "FIRST_NAMES_F",
    "FIRST_NAMES_M",
    "FIRST_NAMES_TAIL_F",
    "FIRST_NAMES_TAIL_M",
    "GROWTH",
    "NARRATIVES",
    "NICKNAMES",
    "PHOTO_REASONS",
    "POLICE_SUFFIXES",
    "SCARS",
    "STATES",
    "STREETS",
    "SURNAMES",
    "SURNAME_TAIL",
]


def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``; an underscore joins the words of one name."""
    return tuple(word.replace("_", " ") for word in text.split())


#: USPS code -> (share of children in foster care, in thousands; state name; capital;
#: area codes; agency run by counties). Shares are rounded AFCARS-era magnitudes: only
#: their proportions matter.
STATES: dict[str, tuple[float, str, str, tuple[str, ...], bool]] = {
    "AL": (6.0, "Alabama", "Montgomery", ("205", "251", "256", "334"), False),
    "AK": (3.0, "Alaska", "Juneau", ("907",), False),
    "AZ": (12.0, "Arizona", "Phoenix", ("480", "520", "602", "623", "928"), False),
    "AR": (4.0, "Arkansas", "Little Rock", ("479", "501", "870"), False),
    "CA": (51.0, "California", "Sacramento", (
        "209", "213", "310", "408", "415", "510", "559", "619", "626", "661", "707",
        "714", "760", "805", "818", "909", "916", "951",
    ), True),
    "CO": (5.0, "Colorado", "Denver", ("303", "719", "720", "970"), True),
    "CT": (4.0, "Connecticut", "Hartford", ("203", "860"), False),
    "DE": (0.6, "Delaware", "Dover", ("302",), False),
    "FL": (22.0, "Florida", "Tallahassee", (
        "305", "321", "352", "386", "407", "561", "727", "813", "850", "904", "941", "954",
    ), False),
    "GA": (11.0, "Georgia", "Atlanta", ("229", "404", "478", "678", "706", "770", "912"), False),
    "HI": (1.5, "Hawaii", "Honolulu", ("808",), False),
    "ID": (2.0, "Idaho", "Boise", ("208",), False),
    "IL": (20.0, "Illinois", "Springfield", (
        "217", "309", "312", "618", "630", "708", "773", "815", "847",
    ), False),
    "IN": (13.0, "Indiana", "Indianapolis", ("219", "260", "317", "574", "765", "812"), False),
    "IA": (5.0, "Iowa", "Des Moines", ("319", "515", "563", "641", "712"), False),
    "KS": (7.0, "Kansas", "Topeka", ("316", "620", "785", "913"), False),
    "KY": (9.0, "Kentucky", "Frankfort", ("270", "502", "606", "859"), False),
    "LA": (4.0, "Louisiana", "Baton Rouge", ("225", "318", "337", "504", "985"), False),
    "ME": (2.0, "Maine", "Augusta", ("207",), False),
    "MD": (4.0, "Maryland", "Annapolis", ("240", "301", "410", "443"), True),
    "MA": (9.0, "Massachusetts", "Boston", ("413", "508", "617", "781", "978"), False),
    "MI": (10.0, "Michigan", "Lansing", (
        "231", "248", "269", "313", "517", "586", "616", "734", "810", "906", "989",
    ), False),
    "MN": (8.0, "Minnesota", "Saint Paul", ("218", "320", "507", "612", "651", "763"), True),
    "MS": (4.0, "Mississippi", "Jackson", ("228", "601", "662"), False),
    "MO": (13.0, "Missouri", "Jefferson City", ("314", "417", "573", "636", "816"), False),
    "MT": (3.0, "Montana", "Helena", ("406",), False),
    "NE": (3.0, "Nebraska", "Lincoln", ("308", "402"), False),
    "NV": (4.0, "Nevada", "Carson City", ("702", "775"), False),
    "NH": (1.3, "New Hampshire", "Concord", ("603",), False),
    "NJ": (3.0, "New Jersey", "Trenton", ("201", "609", "732", "856", "908", "973"), False),
    "NM": (2.0, "New Mexico", "Santa Fe", ("505", "575"), False),
    "NY": (15.0, "New York", "Albany", (
        "212", "315", "516", "518", "585", "607", "631", "716", "718", "845", "914",
    ), True),
    "NC": (11.0, "North Carolina", "Raleigh", ("252", "336", "704", "828", "910", "919"), True),
    "ND": (1.5, "North Dakota", "Bismarck", ("701",), True),
    "OH": (16.0, "Ohio", "Columbus", (
        "216", "330", "419", "440", "513", "614", "740", "937",
    ), True),
    "OK": (7.0, "Oklahoma", "Oklahoma City", ("405", "580", "918"), False),
    "OR": (5.0, "Oregon", "Salem", ("503", "541", "971"), False),
    "PA": (15.0, "Pennsylvania", "Harrisburg", (
        "215", "412", "484", "570", "610", "717", "724", "814",
    ), True),
    "RI": (2.0, "Rhode Island", "Providence", ("401",), False),
    "SC": (4.0, "South Carolina", "Columbia", ("803", "843", "864"), False),
    "SD": (1.5, "South Dakota", "Pierre", ("605",), False),
    "TN": (9.0, "Tennessee", "Nashville", ("423", "615", "731", "865", "901", "931"), False),
    "TX": (31.0, "Texas", "Austin", (
        "210", "214", "254", "281", "361", "409", "512", "713", "806", "817", "830",
        "903", "915", "936", "940", "956", "972", "979",
    ), False),
    "UT": (2.0, "Utah", "Salt Lake City", ("385", "435", "801"), False),
    "VT": (1.0, "Vermont", "Montpelier", ("802",), False),
    "VA": (5.0, "Virginia", "Richmond", ("276", "434", "540", "703", "757", "804"), True),
    "WA": (9.0, "Washington", "Olympia", ("206", "253", "360", "425", "509"), False),
    "WV": (7.0, "West Virginia", "Charleston", ("304", "681"), False),
    "WI": (7.0, "Wisconsin", "Madison", ("262", "414", "608", "715", "920"), True),
    "WY": (1.0, "Wyoming", "Cheyenne", ("307",), False),
    "DC": (0.6, "District of Columbia", "Washington", ("202",), False),
    "PR": (3.0, "Puerto Rico", "San Juan", ("787", "939"), False),
    "VI": (0.05, "U.S. Virgin Islands", "Charlotte Amalie", ("340",), False),
    "GU": (0.05, "Guam", "Hagatna", ("671",), False),
    "AS": (0.02, "American Samoa", "Pago Pago", ("684",), False),
    "MP": (0.02, "Northern Mariana Islands", "Saipan", ("670",), False),
}  # fmt: skip

#: Relative number of missing episodes by age in completed years (0-20): few young
#: children, most episodes at 14-17, youth of 18-20 only in extended foster care.
AGE_WEIGHTS: tuple[float, ...] = (
    0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.6, 0.8,
    1.2, 1.8, 3.0, 5.5, 9.0, 13.0, 15.0, 14.0, 4.5, 2.5, 1.2,
)  # fmt: skip
EXTENDED_CARE_AGES = (18, 19, 20)

#: Rough medians (age in years, height in inches, weight in pounds) by sex; the
#: generator interpolates linearly and draws around them, well inside the CDC/WHO
#: 0.1st-99.9th percentiles that rule MR504 uses.
GROWTH: dict[str, tuple[tuple[float, float, float], ...]] = {
    "M": (
        (0.08, 21.5, 9.9), (0.25, 24.2, 14.0), (0.5, 26.5, 17.5), (0.75, 28.3, 19.8),
        (1.0, 29.8, 21.5), (1.5, 32.2, 24.5), (2.0, 34.2, 27.5), (3.0, 37.5, 31.0),
        (4.0, 40.5, 36.0), (5.0, 43.0, 40.5), (6.0, 45.5, 45.5), (7.0, 48.0, 50.5),
        (8.0, 50.4, 56.5), (9.0, 52.6, 63.0), (10.0, 54.5, 70.0), (11.0, 56.4, 78.5),
        (12.0, 58.7, 88.0), (13.0, 61.4, 100.0), (14.0, 64.2, 112.0), (15.0, 66.5, 123.0),
        (16.0, 68.0, 134.0), (17.0, 69.0, 142.0), (18.0, 69.5, 149.0), (19.0, 69.7, 154.0),
        (21.0, 69.7, 157.0),
    ),
    "F": (
        (0.08, 21.1, 9.3), (0.25, 23.5, 12.8), (0.5, 25.9, 16.0), (0.75, 27.6, 18.3),
        (1.0, 29.2, 20.2), (1.5, 31.6, 23.4), (2.0, 33.7, 26.5), (3.0, 37.0, 31.0),
        (4.0, 40.0, 35.0), (5.0, 42.5, 40.0), (6.0, 45.0, 45.0), (7.0, 47.6, 50.0),
        (8.0, 50.0, 56.0), (9.0, 52.4, 63.5), (10.0, 54.7, 71.0), (11.0, 57.2, 80.0),
        (12.0, 59.6, 90.0), (13.0, 61.8, 100.0), (14.0, 63.1, 108.0), (15.0, 63.8, 115.0),
        (16.0, 64.2, 119.5), (17.0, 64.3, 123.0), (18.0, 64.4, 125.0), (19.0, 64.4, 127.0),
        (21.0, 64.4, 128.0),
    ),
}  # fmt: skip

FIRST_NAMES_M: tuple[str, ...] = _words(
    "Liam Noah Elijah James William Michael Ethan Daniel Jacob Logan Jackson Jayden Mason "
    "Aiden Anthony Christopher Joshua Isaiah Josiah Jeremiah Tyler Brandon Kevin Jordan "
    "Xavier Dominic Malik Darius Andre DeShawn Marcus Jamal Tre'von Kaden Cody Dakota "
    "Hunter Austin Dylan Caleb Nathan Matthew David Joseph Jose Juan Luis Carlos Miguel "
    "Angel Jesús José Mateo Santiago Adrián Diego Alejandro Gabriel Samuel Benjamin Lucas "
    "Henry Owen Wyatt Gavin Colton Zachary Justin Jason Robert John Thomas Charles Aaron "
    "Cameron Ryan Nicholas Eric Kyle Devin Trevon Jaylen Keshawn Demetrius Terrell Rashad "
    "Omar Ali Hassan Nguyen-Bao Minh Tuan Kai Koa Hoku Takoda Ahanu Chayton Elan Jean-Luc "
    "Pierre Andrés Ramón Iván Efraín"
)
FIRST_NAMES_F: tuple[str, ...] = _words(
    "Olivia Emma Ava Sophia Isabella Mia Amelia Harper Evelyn Abigail Emily Madison "
    "Aaliyah Destiny Jasmine Brianna Alexis Jessica Ashley Kayla Makayla Trinity Nevaeh "
    "Diamond Imani Jada Kiara Tiana Aniyah Zaria Amari Serenity Savannah Hailey Kaylee "
    "Brooklyn Paisley Skylar Autumn Faith Hope Grace Chloe Lily Zoey Natalie Hannah "
    "Samantha Sarah Elizabeth Victoria Alyssa Gabriela Valentina Camila Sofía María "
    "Guadalupe Ximena Daniela Mariana Yesenia Marisol Leilani Malia Kalani Nizhoni Aiyana "
    "Winona Mai Linh Thao Mei-Ling Ayesha Fatima Amira Renée Chloé Zoë Mary-Kate "
    "Ann-Marie D'Asia Ja'Nya Keisha Latoya Shaniqua Precious Essence Heaven Angel Raven "
    "Sierra Jordan Taylor Kennedy Riley"
)
SURNAMES: tuple[str, ...] = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez "
    "Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson "
    "White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright "
    "Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera Campbell "
    "Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
    "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper "
    "Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez "
    "Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel "
    "Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman "
    "Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan Patterson Alexander "
    "Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera "
    "Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison "
    "Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb "
    "Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw "
    "Snyder Mason Dixon Muñoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose "
    "Stone Salazar Fox Warren Mills Meyer Rice Schmidt García Peña Núñez O'Brien O'Neal "
    "McCoy Begay Yazzie Tsosie Benally Kealoha Kahale Santos Cortés Lopez-Rivera "
    "Smith-Jones Jean-Baptiste St._Clair Van_Buren De_La_Cruz"
)
#: Street names, aliases and names used online: never a form of the legal name.
NICKNAMES: tuple[str, ...] = (
    "Shorty", "Peanut", "Boo", "Kiki", "Red", "Lil Man", "Bug", "Princess", "Smiley",
    "Tank", "Bubba", "Nene", "Coco", "Dimples", "Slim", "Biggie", "Tiny", "Junebug",
    "Lady", "Sunny", "Pooh", "Munchkin", "Chico", "Flaco", "Nena", "Mami", "Papo",
    "Lil Bit", "Ace", "Spike", "Rocket", "Doodle", "Sweet Pea", "Nugget", "Bean",
)  # fmt: skip
SCARS: tuple[str, ...] = (
    "scar above left eyebrow", "small star tattoo, left wrist", "burn scar on right hand",
    "pierced nose", "birthmark on neck", "tattoo of a rose, right forearm",
    "scar on chin", "braces on teeth", "glasses", "tattoo 'LOVE' on fingers of left hand",
    "surgical scar on abdomen", "chipped front tooth", "freckles across nose",
    "multiple ear piercings", "cross tattoo behind right ear",
)  # fmt: skip
PHOTO_REASONS: tuple[str, ...] = (
    "placement did not provide a photo",
    "youth refused to be photographed",
    "photo requested from school, not yet received",
    "newly placed, photo not yet taken",
)
NARRATIVES: tuple[str, ...] = (
    "Left the placement after dinner without permission; staff searched the area "
    "and notified the caseworker.",
    "Did not return from school. The school confirmed attendance until the last "
    "period. Foster parent called the on-call worker.",
    "Left with an adult believed to be a former boyfriend; the vehicle was seen "
    "leaving the parking lot.",
    "Walked away during a family visit at a public park. Relatives do not know where "
    "the youth went.",
    "Was not in the bedroom at the morning check. Window found open. Phone left behind.",
    "Youth has run before and was found at a friend's apartment each time. Friend's "
    "family has been contacted.",
    "Parent did not return the child after an unsupervised visit; parent is not answering calls.",
    "Left the residential program during an outing to the mall; staff lost sight of "
    "the youth near the food court.",
    "Told a roommate about meeting someone met online; messages suggest travel to another city.",
    "Did not return after a weekend pass. Youth stated last week they wanted to live "
    "with an older sibling.",
)
STREETS: tuple[str, ...] = (
    "Main St", "Oak St", "Maple Ave", "Washington St", "Park Ave", "Elm St", "Pine St",
    "Cedar Rd", "Lake Dr", "Hill St", "Church St", "High St", "Broad St", "Center St",
    "Lincoln Ave", "Jefferson St", "Franklin Ave", "Walnut St", "Spring St", "River Rd",
    "Martin Luther King Jr Blvd", "Sunset Blvd", "Highland Ave", "Union St", "Market St",
)  # fmt: skip
POLICE_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("Police Department", "PD"),
    ("County Sheriff's Office", "SO"),
    ("Division of Police", "DP"),
)

# The long tail. Real name distributions have one: the common names above cover only a
# part of the population, and the rest is spread over very many rare names. Without a
# tail, unrelated children share names (and, one typo away, dates of birth) far more
# often than in real data, and the batch rules' identity matches would say so.
_SURNAME_HEADS = _words(
    "Ab Al Ash Bar Bel Bram Car Chad Cor Dal Dun El Fen Gar Glen Hal Har Hol Ing Kel Kil "
    "Lan Lind Mar Mer Mor Nor Ol Pem Pen Ral Red Ros Sel Sher Stan Tal Tor Ush Vor Wal "
    "Wen Whit Win Yar Zel Abe Bro Cas Dra Est Fra Gus Hew Ivo Jor Kra Lor Mal Ned"
)
_SURNAME_ENDS = _words(
    "by croft dale den field ford gate ham hart hurst ington land ley lin low man mere "
    "more ner ridge rock sby shaw son stead ston ter thorpe ton vale ville well wick win "
    "wood worth ard ett ick ins"
)
_GIVEN_HEADS = _words("Ka Ja Ma Bri Ty Da Na Za Ky Le Ra Sha Tre De Ar La Jo Mi Ta Ri Ni Ke")
_GIVEN_ENDS_F = _words("lyn nae riah leigh mari niya lani yah dyn sha lise nelle rae vie zia")
_GIVEN_ENDS_M = _words("den von shawn quan rell ion dric vin lon son ron mir ziah tavious")
#: Made-up surnames, drawn as often as the common ones together.
SURNAME_TAIL: tuple[str, ...] = tuple(h + e for h in _SURNAME_HEADS for e in _SURNAME_ENDS)
#: Made-up given names, for one child in five.
FIRST_NAMES_TAIL_F: tuple[str, ...] = tuple(h + e for h in _GIVEN_HEADS for e in _GIVEN_ENDS_F)
FIRST_NAMES_TAIL_M: tuple[str, ...] = tuple(h + e for h in _GIVEN_HEADS for e in _GIVEN_ENDS_M)
