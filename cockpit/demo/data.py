"""The demo scenario as data: a city's delegation to a three-day smart-city expo in Seoul.

People are invented (example.org addresses); organisations and the programme follow the
scenario the portal was designed for.
"""

from __future__ import annotations

EXPO = {
    "slug": "wsce-2027",
    "name": "World Smart City Expo 2027",
    "city": "Seoul",
    "country": "KR",
    "venue": "COEX, Seoul",
    "starts_on": "2027-09-04",
    "ends_on": "2027-09-06",
    "time_zone": "Asia/Seoul",
    "default_travel_minutes": 20,
}

DELEGATION = {
    "name": "Smart City Project Office delegation",
    "purpose": "Present the city pavilion, meet agencies and manufacturers, speak at the forum and the symposium.",
}

# (full_name, native_name, role, title, e-mail local part, home time zone, languages)
MEMBERS = [
    ("Lin Wei-Ting", "林蔚廷", "head", "Director, Smart City Project Office", "director.lin", ["zh-hant", "en"]),
    ("Chang Mei-Ling", "張美玲", "official", "Deputy Director", "deputy.chang", ["zh-hant", "en"]),
    ("Huang Yu-Chen", "黃郁臻", "staff", "International Affairs Officer", "yuchen.huang", ["zh-hant", "en", "ko"]),
    ("Chen Po-Han", "陳柏翰", "staff", "Pavilion Coordinator", "pohan.chen", ["zh-hant", "en"]),
    ("Kim Ji-woo", "김지우", "interpreter", "Korean–Chinese interpreter", "jiwoo.kim", ["ko", "zh-hant", "en"]),
    ("Tsai Ming-Hsun", "蔡明勳", "exhibitor_rep", "Sales Director, CareLink IoT", "minghsun.tsai", ["zh-hant", "en"]),
    (
        "Lai Pei-Shan",
        "賴佩珊",
        "exhibitor_rep",
        "Overseas Business, CleanCycle Systems",
        "peishan.lai",
        ["zh-hant", "en"],
    ),
    (
        "Hsu Chia-Hao",
        "許家豪",
        "exhibitor_rep",
        "Project Manager, MuseTech Digital",
        "chiahao.hsu",
        ["zh-hant", "en", "ja"],
    ),
]
MEMBER_TIME_ZONE = "Asia/Taipei"

# (name, kind, address)
VENUES = [
    ("City Pavilion booth A-101", "booth", "COEX Hall A"),
    ("City Pavilion booth A-102", "booth", "COEX Hall A"),
    ("City Pavilion booth A-103", "booth", "COEX Hall A"),
    ("Meeting Room 301", "room", "COEX 3F"),
    ("Meeting Room 302", "room", "COEX 3F"),
    ("Press Corner", "room", "COEX Hall A"),
    ("Forum Stage", "stage", "COEX Auditorium"),
    ("Symposium Hall", "stage", "COEX Grand Ballroom"),
    ("International City Organisation secretariat", "external", "Seoul City Hall annex, Jung-gu"),
    ("Hotel near COEX", "hotel", "Samseong-dong, Gangnam-gu"),
]
# minutes between venue pairs (both directions)
TRAVEL = [
    ("Meeting Room 301", "International City Organisation secretariat", 45),
    ("Meeting Room 302", "International City Organisation secretariat", 45),
    ("Forum Stage", "International City Organisation secretariat", 45),
    ("Meeting Room 301", "Meeting Room 302", 5),
    ("Meeting Room 301", "Forum Stage", 10),
    ("Meeting Room 301", "Symposium Hall", 10),
]

# (name, native_name, kind, country, city, sector, website)
ORGANIZATIONS = [
    (
        "Casablanca Prefecture Smart City Unit",
        "وحدة المدينة الذكية بعمالة الدار البيضاء",
        "city",
        "MA",
        "Casablanca",
        "Urban services",
        "",
    ),
    ("Rabat Urban Agency", "الوكالة الحضرية للرباط", "government", "MA", "Rabat", "Urban planning", ""),
    (
        "Moroccan Digital Development Agency",
        "وكالة التنمية الرقمية",
        "government",
        "MA",
        "Rabat",
        "Digital government",
        "",
    ),
    ("Benguerir Polytechnic Smart City Lab", "", "research", "MA", "Benguerir", "Urban research", ""),
    ("City of Johannesburg Smart City Office", "", "city", "ZA", "Johannesburg", "Smart city", ""),
    ("Tshwane Innovation Hub", "", "government", "ZA", "Pretoria", "Innovation", ""),
    ("South African Council for Smart Places Research", "", "research", "ZA", "Pretoria", "Urban research", ""),
    ("Cape Town Digital Transformation Unit", "", "city", "ZA", "Cape Town", "Digital government", ""),
    ("Muscat Municipality", "بلدية مسقط", "city", "OM", "Muscat", "Municipal services", ""),
    (
        "Oman Ministry of Transport, Communications and IT",
        "وزارة النقل والاتصالات وتقنية المعلومات",
        "government",
        "OM",
        "Muscat",
        "ICT policy",
        "",
    ),
    ("Muscat University IoT Centre", "", "research", "OM", "Muscat", "Internet of things", ""),
    ("City of Melbourne Smart City Office", "", "city", "AU", "Melbourne", "Smart city", ""),
    ("Queensland Urban Informatics Lab", "", "research", "AU", "Brisbane", "Urban informatics", ""),
    ("New South Wales Digital Government", "", "government", "AU", "Sydney", "Digital government", ""),
    ("Smart Cities Council Australia New Zealand", "", "international", "AU", "Sydney", "Smart city network", ""),
    ("Columbus Smart Mobility Office", "", "city", "US", "Columbus", "Mobility", ""),
    ("US National Institute for Connected Systems", "", "government", "US", "Gaithersburg", "Standards", ""),
    ("Atlanta Center for Urban Innovation", "", "research", "US", "Atlanta", "Urban research", ""),
    (
        "Seoul Metropolitan Government Smart City Policy Division",
        "서울특별시 스마트도시정책과",
        "city",
        "KR",
        "Seoul",
        "Smart city",
        "",
    ),
    ("Seoul Digital Foundation", "서울디지털재단", "government", "KR", "Seoul", "Digital innovation", ""),
    (
        "Korea Agency for Urban Infrastructure Technology",
        "국토교통과학기술진흥원",
        "government",
        "KR",
        "Anyang",
        "Infrastructure",
        "",
    ),
    (
        "Daejeon Smart City Research Center",
        "대전 스마트시티 연구센터",
        "research",
        "KR",
        "Daejeon",
        "Urban research",
        "",
    ),
    ("Busan Metropolitan City Smart City Division", "부산광역시 스마트시티과", "city", "KR", "Busan", "Smart city", ""),
    (
        "Busan Eco Delta Smart Village Operator",
        "부산 에코델타 스마트빌리지",
        "company",
        "KR",
        "Busan",
        "Urban development",
        "",
    ),
    ("Busan IT Industry Promotion Agency", "부산정보산업진흥원", "government", "KR", "Busan", "ICT industry", ""),
    ("Global Smart Cities Organisation", "세계스마트도시기구", "international", "KR", "Seoul", "City network", ""),
    ("LG Electronics", "LG전자", "company", "KR", "Seoul", "Electronics", "https://www.lg.com/"),
    ("SK Telecom", "SK텔레콤", "company", "KR", "Seoul", "Telecommunications", "https://www.sktelecom.com/"),
    ("Hanbit Robotics", "한빛로보틱스", "company", "KR", "Incheon", "Service robots", ""),
    ("Rheinland Urban Systems GmbH", "", "company", "DE", "Cologne", "Urban infrastructure", ""),
    ("Bayerische Sensorik AG", "", "company", "DE", "Munich", "Sensors", ""),
    ("Thames Connected Ltd", "", "company", "GB", "London", "IoT networks", ""),
    ("Northbridge Mobility Ltd", "", "company", "GB", "Manchester", "Mobility", ""),
    ("Negev Water Analytics", "ניתוח מים נגב", "company", "IL", "Beersheba", "Water management", ""),
    ("Carmel Vision Systems", "מערכות ראייה כרמל", "company", "IL", "Haifa", "Computer vision", ""),
    ("Korea Smart City Times", "스마트시티타임스", "media", "KR", "Seoul", "Trade press", ""),
    ("Gulf Urban Review", "", "media", "OM", "Muscat", "Trade press", ""),
    ("Expo Organising Committee", "엑스포 조직위원회", "government", "KR", "Seoul", "Event host", ""),
    ("Johannesburg Development Agency", "", "government", "ZA", "Johannesburg", "Urban development", ""),
    ("Dubai-based Gulf Smart Mobility Consortium", "", "company", "OM", "Sohar", "Mobility", ""),
]

# Invented people, by country: (honorific, given, family, native name or "", preferred language)
PEOPLE = {
    "MA": [
        ("Mr", "Youssef", "Bennani", "يوسف بناني", "fr"),
        ("Ms", "Salma", "El Idrissi", "سلمى الإدريسي", "fr"),
        ("Dr", "Karim", "Alaoui", "كريم العلوي", "ar"),
        ("Ms", "Nadia", "Chraibi", "نادية الشرايبي", "fr"),
        ("Mr", "Omar", "Tazi", "عمر التازي", "ar"),
        ("Ms", "Leila", "Berrada", "ليلى برادة", "fr"),
        ("Mr", "Hicham", "Fassi", "هشام الفاسي", "ar"),
        ("Dr", "Amina", "Ouazzani", "أمينة الوزاني", "fr"),
    ],
    "ZA": [
        ("Ms", "Thandiwe", "Nkosi", "", "en"),
        ("Mr", "Sipho", "Dlamini", "", "en"),
        ("Dr", "Lerato", "Mokoena", "", "en"),
        ("Mr", "Pieter", "van der Merwe", "", "en"),
        ("Ms", "Naledi", "Khumalo", "", "en"),
        ("Mr", "Thabo", "Mahlangu", "", "en"),
        ("Ms", "Anja", "Botha", "", "en"),
        ("Mr", "Kagiso", "Molefe", "", "en"),
    ],
    "OM": [
        ("H.E.", "Said", "Al Busaidi", "سعيد البوسعيدي", "ar"),
        ("Eng.", "Maryam", "Al Balushi", "مريم البلوشي", "ar"),
        ("Dr", "Khalid", "Al Harthy", "خالد الحارثي", "ar"),
        ("Ms", "Aisha", "Al Rawahi", "عائشة الرواحية", "ar"),
        ("Mr", "Hamed", "Al Kindi", "حامد الكندي", "ar"),
        ("Eng.", "Fatma", "Al Lawati", "فاطمة اللواتي", "ar"),
    ],
    "AU": [
        ("Cr", "Olivia", "Hartley", "", "en"),
        ("Mr", "James", "O'Connor", "", "en"),
        ("Dr", "Priya", "Raman", "", "en"),
        ("Ms", "Chloe", "Nguyen", "", "en"),
        ("Mr", "Liam", "Fraser", "", "en"),
        ("Prof", "Grace", "Whitfield", "", "en"),
        ("Ms", "Sophie", "Tran", "", "en"),
        ("Mr", "Daniel", "McKenzie", "", "en"),
    ],
    "US": [
        ("Ms", "Rachel", "Alvarez", "", "en"),
        ("Mr", "Marcus", "Reed", "", "en"),
        ("Dr", "Hannah", "Lindqvist", "", "en"),
        ("Mr", "Jordan", "Ellis", "", "en"),
        ("Prof", "Elena", "Vasquez", "", "en"),
        ("Mr", "Tyler", "Brooks", "", "en"),
    ],
    "KR": [
        ("Mr", "Park Jun-ho", "", "박준호", "ko"),
        ("Ms", "Lee Seo-yeon", "", "이서연", "ko"),
        ("Dr", "Choi Min-seok", "", "최민석", "ko"),
        ("Ms", "Jung Ha-eun", "", "정하은", "ko"),
        ("Mr", "Kang Dong-hyun", "", "강동현", "ko"),
        ("Ms", "Yoon Ji-min", "", "윤지민", "ko"),
        ("Mr", "Han Sung-woo", "", "한성우", "ko"),
        ("Dr", "Seo Yu-na", "", "서유나", "ko"),
        ("Mr", "Oh Tae-yang", "", "오태양", "ko"),
        ("Ms", "Shin Eun-ji", "", "신은지", "ko"),
        ("Mr", "Moon Jae-won", "", "문재원", "ko"),
        ("Ms", "Kwon Na-rae", "", "권나래", "ko"),
        ("Mr", "Song Hyun-woo", "", "송현우", "ko"),
        ("Ms", "Baek Soo-ah", "", "백수아", "ko"),
        ("Dr", "Lim Chang-min", "", "임창민", "ko"),
        ("Ms", "Hwang Ye-jin", "", "황예진", "ko"),
        ("Mr", "Jang Woo-jin", "", "장우진", "ko"),
        ("Ms", "Cho Hye-won", "", "조혜원", "ko"),
        ("Mr", "Bae Seung-hoon", "", "배승훈", "ko"),
        ("Ms", "Nam Ga-young", "", "남가영", "ko"),
    ],
    "DE": [
        ("Dr", "Katrin", "Müller", "", "de"),
        ("Mr", "Jörg", "Schäfer", "", "de"),
        ("Ms", "Lena", "Weiß", "", "de"),
        ("Mr", "Matthias", "Krüger", "", "de"),
    ],
    "GB": [
        ("Ms", "Eleanor", "Whitaker", "", "en"),
        ("Mr", "Oliver", "Pennington", "", "en"),
        ("Ms", "Harriet", "Cole", "", "en"),
        ("Mr", "Rupert", "Ashdown", "", "en"),
    ],
    "IL": [
        ("Mr", "Noam", "Levi", "נועם לוי", "he"),
        ("Ms", "Tamar", "Cohen", "תמר כהן", "he"),
        ("Dr", "Eitan", "Mizrahi", "איתן מזרחי", "he"),
        ("Ms", "Yael", "Friedman", "יעל פרידמן", "he"),
    ],
}

TITLES = {
    "government": ["Director-General", "Deputy Director", "Senior Policy Advisor"],
    "city": ["Chief Smart City Officer", "Head of Digital Services", "Programme Manager"],
    "research": ["Research Director", "Principal Researcher", "Professor"],
    "company": ["Vice President, Smart City Business", "Head of International Sales", "Solutions Architect"],
    "international": ["Secretary-General", "Director of Membership", "Programme Officer"],
    "media": ["Editor-in-Chief", "Senior Reporter", "Correspondent"],
}

PAVILION = {
    "slug": "city-smart-pavilion-2027",
    "name": "City Smart Pavilion",
    "tagline": "Smart care, clean streets and living heritage — made in our city.",
    "description": "Three partner companies show how a mid-sized city puts smart-city technology to work.",
    "profile_deadline": "2027-08-01",
}

# (username, exhibitor name, slug, category, booth, profile status, profile fields)
EXHIBITORS = [
    (
        "carelink",
        "CareLink IoT",
        "carelink-iot",
        "smart_care",
        "City Pavilion booth A-101",
        "published",
        {
            "tagline": "One IoT platform for ageing well at home",
            "description": "<p>CareLink connects home sensors, wearables and care workers on a single "
            "<strong>integrated IoT platform</strong> used by city social-welfare services.</p>"
            "<ul><li>Fall and inactivity alerts</li><li>Medication reminders</li><li>Care-worker dispatch</li></ul>",
            "solutions": [
                {"name": "CareHub", "line": "Home gateway collecting sensor and wearable data"},
                {"name": "CareDesk", "line": "Dispatch console for city care workers"},
                {"name": "CareBand", "line": "Wristband with fall detection"},
            ],
            "patents": [],
            "website": "https://carelink.example.org/",
            "languages": ["zh-hant", "en"],
            "contact_name": "Tsai Ming-Hsun",
        },
    ),
    (
        "cleancycle",
        "CleanCycle Systems",
        "cleancycle-systems",
        "waste_recycling",
        "City Pavilion booth A-102",
        "submitted",
        {
            "tagline": "Smart garbage and recycling, integrated from bin to plant",
            "description": "<p>The CleanCycle <strong>smart garbage &amp; recycling integration system</strong> links "
            "compacting smart bins, collection routing and recycling-plant sorting. Protected by "
            "<em>16 US and EU patents</em>.</p>",
            "solutions": [
                {"name": "SmartBin S3", "line": "Solar compacting bin with fill-level sensing"},
                {"name": "RouteWise", "line": "Collection routes planned from live fill levels"},
                {"name": "SortLine", "line": "Camera-guided sorting for recycling plants"},
            ],
            "patents": [
                {
                    "jurisdiction": "US" if i % 2 == 0 else "EP",
                    "number": f"{'US' if i % 2 == 0 else 'EP'} demo-{i + 1:02d}",
                    "title": title,
                }
                for i, title in enumerate(
                    [
                        "Compacting refuse container",
                        "Fill-level sensing lid",
                        "Solar power management for bins",
                        "Collection route optimisation",
                        "Bin identification tag",
                        "Odour control chamber",
                        "Recyclable material classifier",
                        "Conveyor sorting gate",
                        "Bin tilt detection",
                        "Waste weight estimation",
                        "Pay-as-you-throw metering",
                        "Bin fire detection",
                        "Collection truck interface",
                        "Citizen recycling reward",
                        "Bin door safety lock",
                        "Sorting line camera calibration",
                    ]
                )
            ],
            "website": "https://cleancycle.example.org/",
            "languages": ["zh-hant", "en"],
            "contact_name": "Lai Pei-Shan",
        },
    ),
    (
        "musetech",
        "MuseTech Digital",
        "musetech-digital",
        "museum_culture",
        "City Pavilion booth A-103",
        "draft",
        {
            "tagline": "Museums, digitally integrated",
            "description": "<p>Digital integration for museums: collection digitisation, immersive rooms "
            "and visitor analytics.</p>",
            "solutions": [{"name": "MuseMap", "line": "Indoor navigation and visitor-flow analytics"}],
            "patents": [],
            "website": "",
            "languages": ["zh-hant", "en", "ja"],
            "contact_name": "",
        },
    ),
]

DEMO_PASSWORD = "expo-demo-2027"  # noqa: S105 - the published demo login, refused when DEBUG is off
OFFICE_USERNAME = "office"
