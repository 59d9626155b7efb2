#!/usr/bin/env python3
"""Writes a synthetic Mawid content folder for benchmarks.

usage: bench/gen_content.py N OUTDIR [--specialties DIR]

OUTDIR gets site.yml (languages fr, ar, en), a copy of the repo's specialties (with their
translations) and N doctors doctors/doc-00001.md ... with varied, valid front matter and a
100-200 word French Markdown biography. The output only depends on N (seeded), so two runs
write identical files.
"""
import os
import random
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The 48 historical wilayas, each with a few communes.
WILAYAS = [
    ("Adrar", ["Adrar", "Reggane", "Timimoun"]),
    ("Chlef", ["Chlef", "Ténès", "Oued Fodda"]),
    ("Laghouat", ["Laghouat", "Aflou", "Ksar El Hirane"]),
    ("Oum El Bouaghi", ["Oum El Bouaghi", "Aïn Beïda", "Aïn M'lila"]),
    ("Batna", ["Batna", "Barika", "Arris", "Merouana"]),
    ("Béjaïa", ["Béjaïa", "Akbou", "Amizour", "Kherrata"]),
    ("Biskra", ["Biskra", "Tolga", "Sidi Okba"]),
    ("Béchar", ["Béchar", "Kenadsa", "Abadla"]),
    ("Blida", ["Blida", "Boufarik", "Ouled Yaïch", "Larbaâ"]),
    ("Bouira", ["Bouira", "Lakhdaria", "Sour El Ghozlane"]),
    ("Tamanrasset", ["Tamanrasset", "In Salah", "Abalessa"]),
    ("Tébessa", ["Tébessa", "Bir El Ater", "Chéria"]),
    ("Tlemcen", ["Tlemcen", "Maghnia", "Ghazaouet", "Mansourah"]),
    ("Tiaret", ["Tiaret", "Frenda", "Sougueur"]),
    ("Tizi Ouzou", ["Tizi Ouzou", "Azazga", "Draâ Ben Khedda", "Larbaâ Nath Irathen"]),
    ("Alger", ["Alger Centre", "Bab Ezzouar", "Hydra", "Kouba", "El Biar", "Bir Mourad Raïs", "Chéraga"]),
    ("Djelfa", ["Djelfa", "Aïn Oussera", "Messaad"]),
    ("Jijel", ["Jijel", "Taher", "El Milia"]),
    ("Sétif", ["Sétif", "El Eulma", "Aïn Oulmene", "Bougaa"]),
    ("Saïda", ["Saïda", "Aïn El Hadjar", "Youb"]),
    ("Skikda", ["Skikda", "Collo", "Azzaba"]),
    ("Sidi Bel Abbès", ["Sidi Bel Abbès", "Telagh", "Sfisef"]),
    ("Annaba", ["Annaba", "El Bouni", "El Hadjar", "Sidi Amar"]),
    ("Guelma", ["Guelma", "Oued Zenati", "Héliopolis"]),
    ("Constantine", ["Constantine", "El Khroub", "Aïn Smara", "Ali Mendjeli"]),
    ("Médéa", ["Médéa", "Berrouaghia", "Ksar El Boukhari"]),
    ("Mostaganem", ["Mostaganem", "Aïn Tédelès", "Hassi Mamèche"]),
    ("M'Sila", ["M'Sila", "Bou Saâda", "Sidi Aïssa"]),
    ("Mascara", ["Mascara", "Sig", "Tighennif"]),
    ("Ouargla", ["Ouargla", "Hassi Messaoud", "Touggourt"]),
    ("Oran", ["Oran", "Bir El Djir", "Es Sénia", "Arzew", "Aïn El Turck"]),
    ("El Bayadh", ["El Bayadh", "Bougtob", "Brezina"]),
    ("Illizi", ["Illizi", "Djanet", "In Amenas"]),
    ("Bordj Bou Arréridj", ["Bordj Bou Arréridj", "Ras El Oued", "Mansoura"]),
    ("Boumerdès", ["Boumerdès", "Bordj Menaïel", "Dellys", "Boudouaou"]),
    ("El Tarf", ["El Tarf", "El Kala", "Ben M'Hidi"]),
    ("Tindouf", ["Tindouf", "Oum El Assel"]),
    ("Tissemsilt", ["Tissemsilt", "Theniet El Had", "Bordj Bounaama"]),
    ("El Oued", ["El Oued", "Guemar", "Djamaa"]),
    ("Khenchela", ["Khenchela", "Kaïs", "Chechar"]),
    ("Souk Ahras", ["Souk Ahras", "Sedrata", "M'daourouch"]),
    ("Tipaza", ["Tipaza", "Koléa", "Cherchell", "Hadjout"]),
    ("Mila", ["Mila", "Chelghoum Laïd", "Ferdjioua"]),
    ("Aïn Defla", ["Aïn Defla", "Khemis Miliana", "Miliana"]),
    ("Naâma", ["Naâma", "Mécheria", "Aïn Sefra"]),
    ("Aïn Témouchent", ["Aïn Témouchent", "Béni Saf", "Hammam Bouhadjar"]),
    ("Ghardaïa", ["Ghardaïa", "Metlili", "Berriane", "El Guerrara"]),
    ("Relizane", ["Relizane", "Oued Rhiou", "Mazouna"]),
]
# Alger, Oran, Constantine... get more doctors, like in real life.
WILAYA_WEIGHTS = [8 if w in ("Alger", "Oran", "Constantine") else 4 if w in (
    "Sétif", "Blida", "Annaba", "Tizi Ouzou", "Béjaïa", "Batna", "Tlemcen", "Boumerdès") else 1
    for w, _ in WILAYAS]

FIRST_M = ["Mohamed", "Ahmed", "Abdelkader", "Karim", "Yacine", "Sofiane", "Rachid", "Nabil", "Mourad",
           "Hakim", "Farid", "Omar", "Lyes", "Djamel", "Redouane", "Kamel", "Amine", "Walid", "Bilal",
           "Hocine", "Salim", "Mehdi", "Tarek", "Nassim", "Anis", "Samir", "Fayçal", "Said", "Youcef", "Ali"]
FIRST_F = ["Amina", "Fatima Zohra", "Khadidja", "Samira", "Leila", "Nadia", "Meriem", "Sarah", "Imane",
           "Lamia", "Hanane", "Nassima", "Asma", "Wassila", "Yasmine", "Souad", "Dalila", "Karima",
           "Lynda", "Rym", "Sabrina", "Naima", "Houda", "Feriel", "Ines", "Amel", "Chahrazed", "Lilia"]
LAST = ["Benali", "Haddad", "Belkacem", "Saidi", "Meziane", "Kaci", "Bouzid", "Cherif", "Mansouri",
        "Amrani", "Hamidi", "Touati", "Rahmani", "Zerrouki", "Bouaziz", "Saadi", "Benyahia", "Ait Ahmed",
        "Ghezali", "Boukhalfa", "Ferhat", "Larbi", "Ouali", "Bensalem", "Hamdi", "Belhadj", "Slimani",
        "Kherbouche", "Benmoussa", "Boudiaf", "Mebarki", "Djebbar", "Bouteflika", "Lounis", "Aouadi",
        "Khelifi", "Benabdallah", "Tebboune", "Chaouch", "Ziani", "Messaoudi", "Brahimi", "Guerroudj",
        "Hadj Ali", "Bendjedid", "Yahiaoui", "Boumediene", "Mokrani", "Ait Said", "Benkhelifa"]
STREETS = ["rue Didouche Mourad", "boulevard de l'ALN", "rue Larbi Ben M'hidi", "cité des 500 logements",
           "avenue de l'Indépendance", "rue Hassiba Ben Bouali", "boulevard Zighoud Youcef",
           "cité El Badr", "rue Abane Ramdane", "boulevard du 1er Novembre", "rue Emir Abdelkader",
           "lotissement El Nasr", "rue des Frères Bouadou", "cité Djamel", "boulevard Krim Belkacem"]
LANGUAGE_SETS = [["ar", "fr"], ["ar", "fr", "en"], ["ar"], ["fr", "ar"], ["ar", "fr"], ["ar", "en"]]
DAYS = ["sat", "sun", "mon", "tue", "wed", "thu"]
MORNINGS = ["08:00-12:00", "08:30-12:00", "09:00-12:30", "08:00-11:30", "09:00-13:00"]
AFTERNOONS = ["13:00-16:00", "13:30-16:30", "14:00-17:00", "14:00-18:00", "15:00-19:00"]
FEES = ["1 500 DA", "2 000 DA", "2 500 DA", "3 000 DA", "3 500 DA", "4 000 DA", "5 000 DA"]
FACULTIES = ["d'Alger", "d'Oran", "de Constantine", "d'Annaba", "de Sétif", "de Tlemcen", "de Batna",
             "de Tizi Ouzou", "de Blida", "de Béjaïa"]
HOSPITALS = ["CHU Mustapha Pacha", "CHU de Beni Messous", "EHU d'Oran", "CHU Ibn Badis de Constantine",
             "CHU d'Annaba", "CHU de Tizi Ouzou", "CHU de Sétif", "CHU Frantz Fanon de Blida",
             "EPH de Kouba", "CHU Nafissa Hamoud (ex-Parnet)"]
INTROS = [
    "Le {name} est diplômé{e} de la Faculté de médecine {fac} et a effectué son résidanat au {hosp}.",
    "Après des études de médecine à la Faculté {fac}, le {name} a été interne puis assistant{e} au {hosp}.",
    "Formé{e} à la Faculté de médecine {fac}, le {name} a exercé pendant plusieurs années au {hosp} avant de s'installer en libéral.",
]
MIDDLES = [
    "Installé{e} à {city} depuis {year}, {pron} reçoit enfants et adultes pour des consultations de {spec}, sur rendez-vous et sans longue attente.",
    "Son cabinet de {city} accueille les patients de toute la wilaya de {wilaya}, du lundi au jeudi et parfois le samedi matin.",
    "Depuis {year}, {pron} consulte à {city}, où {pron} suit de nombreux patients au long cours en {spec}.",
    "{Pron} a complété sa formation par un diplôme universitaire à Montpellier et participe régulièrement aux congrès de la société algérienne de {spec}.",
    "Le cabinet est accessible aux personnes à mobilité réduite et dispose d'un parking à proximité.",
]
BULLETS = [
    "consultations de suivi et bilans annuels", "prise en charge des maladies chroniques",
    "certificats médicaux et aptitude sportive", "dépistage et prévention", "suivi des enfants et adolescents",
    "éducation thérapeutique du patient", "avis avant une intervention chirurgicale",
    "téléconsultation pour les patients déjà suivis", "examens complémentaires réalisés au cabinet",
    "orientation vers les services hospitaliers si nécessaire", "conseils aux voyageurs et vaccinations",
    "suivi des patients diabétiques et hypertendus",
]
CLOSINGS = [
    "Merci d'apporter vos ordonnances, vos analyses récentes et votre carte Chifa lors de la première consultation.",
    "Pensez à arriver dix minutes avant l'heure du rendez-vous et à prévenir le secrétariat en cas d'empêchement.",
    "Le cabinet accepte la carte Chifa pour les actes conventionnés ; les autres actes sont réglés sur place.",
    "En cas d'urgence, appelez la Protection civile (14) plutôt que le cabinet.",
]


def specialty_slugs(directory):
    return sorted(n[:-3] for n in os.listdir(directory) if n.endswith(".md") and n.count(".") == 1)


def phone(rng):
    """Mobiles like "0550 12 34 56", landlines like "021 45 67 89"."""
    if rng.random() < 0.7:
        return "0%d%d%d %02d %02d %02d" % (rng.choice([5, 6, 7]), rng.randint(4, 9), rng.randint(0, 9),
                                             rng.randint(0, 99), rng.randint(0, 99), rng.randint(0, 99))
    return "0%d%d %02d %02d %02d" % (rng.choice([2, 3, 4]), rng.randint(1, 9), rng.randint(10, 99),
                                      rng.randint(0, 99), rng.randint(0, 99))


def biography(rng, name, female, city, wilaya, spec_title):
    e = "e" if female else ""
    pron = "elle" if female else "il"
    fill = dict(name=name, e=e, fac=rng.choice(FACULTIES), hosp=rng.choice(HOSPITALS), city=city, wilaya=wilaya,
                year=rng.randint(1995, 2023), spec=spec_title.lower(), pron=pron, Pron=pron.capitalize())
    paragraphs = [rng.choice(INTROS).format(**fill)]
    middles = rng.sample(MIDDLES, rng.randint(2, 4))
    paragraphs.append(" ".join(m.format(**fill) for m in middles))
    bullets = rng.sample(BULLETS, rng.randint(3, 6))
    lists = "**Au cabinet**\n\n" + "\n".join("- " + b.capitalize() for b in bullets)
    closing = " ".join(rng.sample(CLOSINGS, rng.randint(1, 2)))
    text = "\n\n".join(paragraphs + [lists, closing])
    words = len(text.split())
    # Pad short ones up to ~100 words, keep the long ones under ~200.
    while words < 100:
        extra = rng.choice(MIDDLES).format(**fill)
        text += "\n\n" + extra
        words += len(extra.split())
    return text + "\n"


def yaml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def doctor(rng, index, specialties, titles):
    female = rng.random() < 0.55
    first = rng.choice(FIRST_F if female else FIRST_M)
    name = "Dr %s %s" % (first, rng.choice(LAST))
    spec = rng.choice(specialties)
    wilaya, communes = rng.choices(WILAYAS, weights=WILAYA_WEIGHTS)[0]
    city = rng.choice(communes)
    address = "%d %s, %s" % (rng.randint(1, 120), rng.choice(STREETS), city)
    days = sorted(rng.sample(DAYS, rng.randint(3, 6)), key=DAYS.index)
    morning, afternoon = rng.choice(MORNINGS), rng.choice(AFTERNOONS)
    lines = [
        "---",
        "name: " + yaml_str(name),
        "specialty: " + spec,
        "wilaya: " + yaml_str(wilaya),
        "city: " + yaml_str(city),
        "address: " + yaml_str(address),
        "phone: " + yaml_str(phone(rng)),
    ]
    if rng.random() < 0.4:
        lines.append("email: " + yaml_str("cabinet.%s%d@example.dz" % (first.split()[0].lower()
                                                                        .replace("ç", "c"), index)))
    lines += [
        "languages: [%s]" % ", ".join(rng.choice(LANGUAGE_SETS)),
        "experience: %d" % rng.randint(1, 40),
    ]
    if rng.random() < 0.85:
        lines.append("fee: " + yaml_str(rng.choice(FEES)))
    lines += ["slot: %d" % rng.choice([15, 20, 20, 30, 30, 45]), "hours:"]
    for day in days:
        ranges = [morning] if rng.random() < 0.4 else [morning, afternoon]
        lines.append("  %s: [%s]" % (day, ", ".join(yaml_str(r) for r in ranges)))
    month = rng.randint(1, 12)
    day = rng.randint(1, 20)
    summer = rng.randint(6, 8)
    holidays = ['"2026-%02d-%02d"' % (month, day),
                '"2027-%02d-01..2027-%02d-%02d"' % (summer, summer, rng.randint(10, 28))]
    if rng.random() < 0.3:
        holidays = holidays[:1]
    lines.append("holidays: [%s]" % ", ".join(holidays))
    lines.append("---")
    return "\n".join(lines) + "\n" + biography(rng, name, female, city, wilaya, titles[spec])


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    count, out = int(args[0]), args[1]
    spec_dir = os.path.join(REPO, "content", "specialties")
    if "--specialties" in args:
        spec_dir = args[args.index("--specialties") + 1]
    specialties = specialty_slugs(spec_dir)
    if not specialties:
        sys.exit("no specialties in %s" % spec_dir)
    titles = {}
    for slug in specialties:
        with open(os.path.join(spec_dir, slug + ".md"), encoding="utf-8") as f:
            titles[slug] = next((l.split(":", 1)[1].strip().strip('"') for l in f if l.startswith("title:")), slug)

    os.makedirs(os.path.join(out, "doctors"), exist_ok=True)
    shutil.copytree(spec_dir, os.path.join(out, "specialties"), dirs_exist_ok=True)
    with open(os.path.join(out, "site.yml"), "w", encoding="utf-8") as f:
        f.write('title: "Mawid — Médecins d\'Algérie"\n'
                'description: "Trouvez un médecin et demandez un rendez-vous en ligne, sans file d\'attente."\n'
                'baseURL: "https://mawid.example.dz"\n'
                "languages: [fr, ar, en]\n"
                "timezone: Africa/Algiers\n"
                "endpoint: /api\n"
                "contact:\n"
                '  phone: "+213 21 23 45 67"\n'
                '  email: "contact@mawid.example.dz"\n'
                '  address: "12 rue Didouche Mourad, Alger Centre, Alger"\n')
    with open(os.path.join(out, "site.ar.yml"), "w", encoding="utf-8") as f:
        f.write('title: "موعد — أطباء الجزائر"\n'
                'description: "ابحث عن طبيب واطلب موعدًا عبر الإنترنت، دون انتظار في الطابور."\n'
                'contact:\n'
                '  address: "12 شارع ديدوش مراد، الجزائر الوسطى، الجزائر"\n')
    with open(os.path.join(out, "site.en.yml"), "w", encoding="utf-8") as f:
        f.write('title: "Mawid — Doctors in Algeria"\n'
                'description: "Find a doctor and request an appointment online, without queuing."\n')
    rng = random.Random(20261126)
    width = max(5, len(str(count)))
    for i in range(1, count + 1):
        path = os.path.join(out, "doctors", "doc-%0*d.md" % (width, i))
        with open(path, "w", encoding="utf-8") as f:
            f.write(doctor(rng, i, specialties, titles))


if __name__ == "__main__":
    main()
