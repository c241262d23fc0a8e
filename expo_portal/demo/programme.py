"""The demo expo's programme: itinerary, speeches, meetings and follow-ups (local times, Asia/Seoul)."""

from __future__ import annotations

# Itinerary: (kind, title, start, end, origin, destination, blocks_time, member e-mail locals or "*")
ITINERARY = [
    ("flight", "Flight to Seoul (Incheon)", "2027-09-03 08:10", "2027-09-03 11:40", "Taipei", "Seoul Incheon", True, "*"),
    ("hotel", "Hotel near COEX", "2027-09-03 15:00", "2027-09-07 11:00", "", "Hotel near COEX", False, "*"),
    ("transfer", "Transfer Incheon → hotel", "2027-09-03 12:30", "2027-09-03 14:00", "Incheon", "Samseong-dong", True, "*"),
    ("visit", "Songdo smart-city operations centre", "2027-09-03 16:00", "2027-09-03 17:30", "Hotel", "Songdo",
     True, ["director.lin", "deputy.chang", "yuchen.huang", "jiwoo.kim"]),
    ("flight", "Flight home", "2027-09-07 13:30", "2027-09-07 15:10", "Seoul Incheon", "Taipei", True, "*"),
]

# Speaking slots: (kind, title, event, stage, start, end, speakers, panelist org names, moderator org, status)
SPEAKING_SLOTS = [
    (
        "forum_talk",
        "Human-centred smart care in a mid-sized city",
        "Smart City Forum",
        "Forum Stage",
        "2027-09-04 14:00",
        "2027-09-04 14:20",
        ["director.lin"],
        [],
        None,
        "confirmed",
    ),
    (
        "panel",
        "Symposium: cities that share data across borders",
        "Global Smart City Symposium",
        "Symposium Hall",
        "2027-09-05 10:00",
        "2027-09-05 11:30",
        ["director.lin"],
        ["Casablanca Prefecture Smart City Unit", "City of Johannesburg Smart City Office", "Muscat Municipality",
         "City of Melbourne Smart City Office"],
        "Global Smart Cities Organisation",
        "confirmed",
    ),
    (
        "pitch",
        "Pavilion pitch: smart bins with 16 patents",
        "Exhibitor Pitch Hour",
        "Forum Stage",
        "2027-09-06 16:00",
        "2027-09-06 16:10",
        ["peishan.lai"],
        [],
        None,
        "invited",
    ),
]

# Meetings: (title, kind, status, start, end, venue, members, contact org names, exhibitor slugs, agenda)
MEETINGS = [
    ("Casablanca Smart City Unit — city-to-city cooperation", "g2g", "confirmed", "2027-09-04 10:00", "2027-09-04 10:45",
     "Meeting Room 301", ["director.lin", "yuchen.huang"], ["Casablanca Prefecture Smart City Unit"], [],
     "Smart-care pilots; exchange of urban data platforms; invitation to the global organisation."),
    ("City of Johannesburg — smart waste", "g2g", "confirmed", "2027-09-04 11:00", "2027-09-04 11:45",
     "Meeting Room 301", ["director.lin", "yuchen.huang"], ["City of Johannesburg Smart City Office"], ["cleancycle-systems"],
     "Smart bins and recycling integration for Johannesburg townships."),
    ("LG Electronics — home IoT partnership", "business", "confirmed", "2027-09-04 15:00", "2027-09-04 15:45",
     "City Pavilion booth A-101", ["deputy.chang", "minghsun.tsai", "jiwoo.kim"], ["LG Electronics"], ["carelink-iot"],
     "CareLink integration with home appliances for elderly care."),
    ("SK Telecom — 5G for city services", "business", "proposed", "2027-09-04 16:00", "2027-09-04 16:45",
     "Meeting Room 302", ["deputy.chang", "jiwoo.kim"], ["SK Telecom"], [],
     "Private 5G and IoT connectivity for smart bins and care sensors."),
    ("Press interview — Korea Smart City Times", "press", "confirmed", "2027-09-05 12:00", "2027-09-05 12:30",
     "Press Corner", ["director.lin", "jiwoo.kim"], ["Korea Smart City Times"], [],
     "The pavilion, the forum speech and the city's smart-care programme."),
    ("Muscat Municipality — municipal services", "g2g", "confirmed", "2027-09-05 13:00", "2027-09-05 13:45",
     "Meeting Room 301", ["director.lin", "yuchen.huang"], ["Muscat Municipality"], [],
     "Waste collection and heat-resilient sensors; study visit next year."),
    ("Visit: Global Smart Cities Organisation secretariat", "site_visit", "confirmed", "2027-09-05 15:30", "2027-09-05 17:00",
     "International City Organisation secretariat", ["director.lin", "deputy.chang", "yuchen.huang"],
     ["Global Smart Cities Organisation"], [],
     "Membership of partner cities; the secretary-general as judge of the city's smart-city award."),
    ("City of Melbourne — data sharing", "g2g", "confirmed", "2027-09-06 09:30", "2027-09-06 10:15",
     "Meeting Room 301", ["deputy.chang", "yuchen.huang"], ["City of Melbourne Smart City Office"], [],
     "Open data standards; sister-programme on smart care."),
    ("Rheinland Urban Systems — sensor networks", "business", "proposed", "2027-09-06 10:30", "2027-09-06 11:15",
     "Meeting Room 302", ["pohan.chen"], ["Rheinland Urban Systems GmbH"], ["cleancycle-systems"],
     "Fill-level sensors supply for the European market."),
    ("Negev Water Analytics — water and waste data", "business", "confirmed", "2027-09-06 11:30", "2027-09-06 12:00",
     "City Pavilion booth A-102", ["pohan.chen", "peishan.lai"], ["Negev Water Analytics"], ["cleancycle-systems"],
     "Combining water-network and waste analytics."),
    ("Seoul Digital Foundation — MOU preparation", "mou_signing", "confirmed", "2027-09-06 13:30", "2027-09-06 14:30",
     "Meeting Room 301", ["director.lin", "deputy.chang", "jiwoo.kim"], ["Seoul Digital Foundation"], [],
     "Text of the memorandum of understanding to be signed next March."),
    ("Busan Smart City Division — museum and culture tech", "g2g", "proposed", "2027-09-06 15:00", "2027-09-06 15:45",
     "Meeting Room 302", ["yuchen.huang", "chiahao.hsu"], ["Busan Metropolitan City Smart City Division"], ["musetech-digital"],
     "Digital museum integration for Busan's cultural district."),
]

# Booth duty: (member e-mail local, exhibitor slug, start, end)
BOOTH_SHIFTS = [
    ("minghsun.tsai", "carelink-iot", "2027-09-04 09:30", "2027-09-04 14:45"),
    ("peishan.lai", "cleancycle-systems", "2027-09-04 09:30", "2027-09-04 17:30"),
    ("chiahao.hsu", "musetech-digital", "2027-09-05 09:30", "2027-09-05 17:30"),
    ("pohan.chen", "carelink-iot", "2027-09-05 09:30", "2027-09-05 12:30"),
]

# Follow-ups: (title, due, status, meeting title or None, organisation name or None)
FOLLOW_UPS = [
    ("Sign the MOU with Seoul Digital Foundation", "2028-03-15", "open",
     "Seoul Digital Foundation — MOU preparation", "Seoul Digital Foundation"),
    ("Invite the secretary-general to judge the city's smart-city award", "2027-10-15", "in_progress",
     "Visit: Global Smart Cities Organisation secretariat", "Global Smart Cities Organisation"),
    ("Invite Casablanca to join the global smart-city organisation", "2027-10-31", "open",
     "Casablanca Smart City Unit — city-to-city cooperation", "Casablanca Prefecture Smart City Unit"),
    ("Invite Johannesburg to join the global smart-city organisation", "2027-10-31", "open",
     "City of Johannesburg — smart waste", "City of Johannesburg Smart City Office"),
    ("Invite Muscat to join the global smart-city organisation", "2027-10-31", "open",
     "Muscat Municipality — municipal services", "Muscat Municipality"),
    ("Send CleanCycle's patent portfolio to Johannesburg", "2027-09-20", "open",
     "City of Johannesburg — smart waste", "City of Johannesburg Smart City Office"),
    ("Arrange the Muscat study visit", "2028-02-28", "open", "Muscat Municipality — municipal services", "Muscat Municipality"),
]
