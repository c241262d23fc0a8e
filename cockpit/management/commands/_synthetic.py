"""Name pools and vocabularies for ``generate_data``: people and organisations of a dozen countries,
names in their own scripts with their romanisations."""

from __future__ import annotations

from typing import Any

# country: (cities, languages, phone prefix + national-number length, name pools)
# Name pools: (family names [(native, latin)], given names [(native, latin)], family-name-first)
KOREAN = (
    [
        ("김", "Kim"),
        ("이", "Lee"),
        ("박", "Park"),
        ("최", "Choi"),
        ("정", "Jung"),
        ("강", "Kang"),
        ("조", "Cho"),
        ("윤", "Yoon"),
        ("장", "Jang"),
        ("임", "Lim"),
    ],
    [
        ("민준", "Min-jun"),
        ("서연", "Seo-yeon"),
        ("지훈", "Ji-hoon"),
        ("수빈", "Su-bin"),
        ("예준", "Ye-jun"),
        ("하은", "Ha-eun"),
        ("도윤", "Do-yoon"),
        ("지우", "Ji-woo"),
        ("현우", "Hyun-woo"),
        ("은서", "Eun-seo"),
    ],
    True,
)
CHINESE = (
    [
        ("王", "Wang"),
        ("李", "Li"),
        ("張", "Chang"),
        ("陳", "Chen"),
        ("林", "Lin"),
        ("黃", "Huang"),
        ("吳", "Wu"),
        ("劉", "Liu"),
        ("蔡", "Tsai"),
        ("楊", "Yang"),
    ],
    [
        ("小明", "Hsiao-ming"),
        ("美玲", "Mei-ling"),
        ("志強", "Chih-chiang"),
        ("淑芬", "Shu-fen"),
        ("建宏", "Chien-hung"),
        ("怡君", "Yi-chun"),
        ("家豪", "Chia-hao"),
        ("雅婷", "Ya-ting"),
        ("俊傑", "Chun-chieh"),
        ("詩涵", "Shih-han"),
    ],
    True,
)
JAPANESE = (
    [
        ("佐藤", "Sato"),
        ("鈴木", "Suzuki"),
        ("高橋", "Takahashi"),
        ("田中", "Tanaka"),
        ("渡辺", "Watanabe"),
        ("伊藤", "Ito"),
        ("山本", "Yamamoto"),
    ],
    [("健", "Ken"), ("陽子", "Yoko"), ("翔太", "Shota"), ("美咲", "Misaki"), ("大輔", "Daisuke"), ("さくら", "Sakura")],
    True,
)
ARABIC = (
    [
        ("العمراني", "El Amrani"),
        ("بنعلي", "Benali"),
        ("الحارثي", "Al-Harthy"),
        ("البلوشي", "Al-Balushi"),
        ("الزعابي", "Al-Zaabi"),
        ("الإدريسي", "El Idrissi"),
        ("المنصوري", "Al-Mansouri"),
        ("الشامسي", "Al-Shamsi"),
    ],
    [
        ("محمد", "Mohammed"),
        ("فاطمة", "Fatima"),
        ("أحمد", "Ahmed"),
        ("يوسف", "Youssef"),
        ("مريم", "Maryam"),
        ("خالد", "Khalid"),
        ("ليلى", "Leila"),
        ("سلمى", "Salma"),
        ("عمر", "Omar"),
        ("نور", "Nour"),
    ],
    False,
)
HEBREW = (
    [
        ("לוי", "Levi"),
        ("כהן", "Cohen"),
        ("מזרחי", "Mizrahi"),
        ("פרץ", "Peretz"),
        ("ביטון", "Biton"),
        ("אברהם", "Avraham"),
    ],
    [("נועה", "Noa"), ("יוסי", "Yossi"), ("מיכל", "Michal"), ("דוד", "David"), ("תמר", "Tamar"), ("אורי", "Uri")],
    False,
)
LATIN_ACCENTED = (
    [
        ("Álvarez", ""),
        ("Müller", ""),
        ("Gonçalves", ""),
        ("Dvořák", ""),
        ("Nuñez", ""),
        ("Lefèvre", ""),
        ("Søndergaard", ""),
        ("Kowalczyk", ""),
        ("Öztürk", ""),
        ("Ólafsdóttir", ""),
    ],
    [
        ("José", ""),
        ("François", ""),
        ("Zoë", ""),
        ("Łukasz", ""),
        ("João", ""),
        ("Renée", ""),
        ("Björn", ""),
        ("Inés", ""),
        ("Chloé", ""),
        ("Jürgen", ""),
    ],
    False,
)
LATIN = (
    [
        ("Smith", ""),
        ("Johnson", ""),
        ("Nkosi", ""),
        ("Dlamini", ""),
        ("Brown", ""),
        ("Taylor", ""),
        ("Wilson", ""),
        ("Okafor", ""),
        ("Naidoo", ""),
        ("Murphy", ""),
    ],
    [
        ("Sarah", ""),
        ("John", ""),
        ("Thandi", ""),
        ("Olivia", ""),
        ("Sipho", ""),
        ("Emily", ""),
        ("Michael", ""),
        ("Grace", ""),
        ("Liam", ""),
        ("Aisha", ""),
    ],
    False,
)

COUNTRIES: dict[str, dict[str, Any]] = {
    "KR": {
        "cities": ["Seoul", "Busan", "Incheon", "Daejeon", "Sejong"],
        "langs": ["ko", "en"],
        "tel": ("+8210", 8),
        "names": KOREAN,
        "weight": 20,
    },
    "TW": {
        "cities": ["Taipei", "Kaohsiung", "Taichung", "Tainan"],
        "langs": ["zh-Hant", "en"],
        "tel": ("+8869", 8),
        "names": CHINESE,
        "weight": 10,
    },
    "JP": {
        "cities": ["Tokyo", "Osaka", "Yokohama"],
        "langs": ["ja", "en"],
        "tel": ("+8190", 8),
        "names": JAPANESE,
        "weight": 5,
    },
    "MA": {
        "cities": ["Rabat", "Casablanca", "Marrakesh", "Tangier"],
        "langs": ["ar", "fr"],
        "tel": ("+2126", 8),
        "names": ARABIC,
        "weight": 8,
    },
    "OM": {
        "cities": ["Muscat", "Salalah", "Sohar"],
        "langs": ["ar", "en"],
        "tel": ("+9689", 7),
        "names": ARABIC,
        "weight": 5,
    },
    "AE": {
        "cities": ["Dubai", "Abu Dhabi", "Sharjah"],
        "langs": ["ar", "en"],
        "tel": ("+97150", 7),
        "names": ARABIC,
        "weight": 5,
    },
    "IL": {
        "cities": ["Tel Aviv", "Jerusalem", "Haifa"],
        "langs": ["he", "en"],
        "tel": ("+9725", 8),
        "names": HEBREW,
        "weight": 5,
    },
    "DE": {
        "cities": ["Berlin", "Hamburg", "Munich"],
        "langs": ["de", "en"],
        "tel": ("+49151", 8),
        "names": LATIN_ACCENTED,
        "weight": 6,
    },
    "FR": {
        "cities": ["Paris", "Lyon", "Nice"],
        "langs": ["fr", "en"],
        "tel": ("+336", 8),
        "names": LATIN_ACCENTED,
        "weight": 5,
    },
    "ES": {
        "cities": ["Madrid", "Barcelona", "Valencia"],
        "langs": ["es", "en"],
        "tel": ("+346", 8),
        "names": LATIN_ACCENTED,
        "weight": 4,
    },
    "ZA": {
        "cities": ["Cape Town", "Johannesburg", "Durban"],
        "langs": ["en", "zu"],
        "tel": ("+2782", 7),
        "names": LATIN,
        "weight": 6,
    },
    "AU": {
        "cities": ["Sydney", "Melbourne", "Brisbane"],
        "langs": ["en"],
        "tel": ("+614", 8),
        "names": LATIN,
        "weight": 5,
    },
    "US": {
        "cities": ["New York", "Boston", "San Diego", "Austin"],
        "langs": ["en", "es"],
        "tel": ("+1202555", 4),
        "names": LATIN,
        "weight": 6,
    },
    "GB": {
        "cities": ["London", "Manchester", "Glasgow"],
        "langs": ["en"],
        "tel": ("+447700", 6),
        "names": LATIN,
        "weight": 5,
    },
}

# kind: (templates for the name, sectors)
ORGANIZATION_KINDS: dict[str, tuple[list[str], list[str]]] = {
    "government": (
        [
            "Ministry of Digital Affairs",
            "National Information Society Agency",
            "Ministry of Land and Transport",
            "Agency for Digital Development",
            "Department of Urban Planning",
        ],
        ["e-government", "transport", "urban planning", "energy"],
    ),
    "city": (
        [
            "{city} Smart City Office",
            "{city} Metropolitan Government",
            "{city} Digital Foundation",
            "{city} Urban Innovation Unit",
        ],
        ["smart city", "mobility", "public safety", "waste"],
    ),
    "research": (
        ["{city} Institute of Urban Technology", "{city} University Smart City Lab", "Centre for Future Cities {city}"],
        ["research", "AI", "IoT", "sustainability"],
    ),
    "company": (
        ["{brand} Systems", "{brand} Technologies", "{brand} Mobility", "{brand} Energy Solutions", "{brand} Robotics"],
        ["IoT", "waste & recycling", "smart care", "mobility", "museum tech", "telecom"],
    ),
    "international": (
        [
            "International Smart Cities Network",
            "Global Forum for Urban Innovation",
            "Alliance of Digital Cities",
            "World Urban Resilience Council",
        ],
        ["international cooperation"],
    ),
    "media": (["{city} Daily", "{city} Tech Review", "Smart City Journal {city}"], ["press"]),
}
KIND_WEIGHTS = {"government": 15, "city": 20, "research": 15, "company": 40, "international": 4, "media": 6}
BRANDS = [
    "Nova",
    "Hanbit",
    "Orion",
    "CleanCycle",
    "CareLink",
    "Muse",
    "Atlas",
    "Qubit",
    "Verde",
    "Sahara",
    "Kite",
    "Lumen",
    "Delta",
    "Zenith",
    "Coral",
    "Tamra",
    "Arirang",
    "Meridian",
]
NATIVE_ORG = {
    "KR": "{city} 스마트시티 {n}",
    "TW": "{city}智慧城市 {n}",
    "JP": "{city}スマートシティ {n}",
    "MA": "مؤسسة {n}",
    "OM": "مؤسسة {n}",
    "AE": "مؤسسة {n}",
    "IL": "עיר חכמה {n}",
}
TITLES = [
    "Director General",
    "Deputy Mayor",
    "Chief Digital Officer",
    "Head of Smart City Division",
    "Senior Researcher",
    "CEO",
    "Business Development Manager",
    "Secretary-General",
    "Policy Advisor",
    "Journalist",
    "Project Manager",
    "Ambassador",
    "Professor",
    "CTO",
    "Counsellor",
]
HONORIFICS = ["", "", "", "Dr.", "Prof.", "H.E.", "Mr.", "Ms."]
TAGS = ["vip", "mou", "award-judge", "membership-prospect", "press", "follow-up", "investor", "speaker", "panelist"]
MEETING_TOPICS = ["MOU follow-up", "Pilot project", "Site visit planning", "Data sharing", "Award invitation"]
CONSENT = ["business_card", "meeting", "booth", "form", "public", "referral"]
