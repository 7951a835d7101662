"""A labelled set for matching quality: experts with profiles in several languages, and needs
(in Azerbaijani, Russian, English, Turkish and Arabic) with the experts a reviewer would pick.

Written by hand for Körpü; the demo reuses the experts as archetypes.
"""

# key: (fields, languages, country, time zone, offers, headline, {lang: summary}, publications)
EXPERTS = {
    "paed_cardio": (["med.paediatric_cardiology"], ["en", "az"], "DE", "Europe/Berlin", ["consultation", "course"],
                    "Paediatric cardiologist",
                    {"en": "Paediatric cardiologist at a university hospital; congenital heart defects, foetal and "
                           "paediatric echocardiography, training residents in children's heart ultrasound."},
                    ["Echocardiographic screening of congenital heart disease in newborns"]),
    "cardiac_surgeon": (["med.cardiac_surgery"], ["ru", "az"], "RU", "Europe/Moscow", ["visiting", "mentorship"],
                        "Кардиохирург",
                        {"ru": "Кардиохирург, операции на открытом сердце, аортокоронарное шунтирование и "
                               "протезирование клапанов у взрослых; более 2000 операций."},
                        ["Отдалённые результаты шунтирования на работающем сердце"]),
    "neurosurgeon": (["med.neurosurgery"], ["en", "tr"], "US", "America/New_York", ["consultation", "lecture"],
                     "Neurosurgeon",
                     {"en": "Neurosurgeon specialising in brain tumours, spinal trauma and minimally invasive spine "
                            "surgery; teaches microsurgical technique."}, []),
    "oncologist": (["med.oncology"], ["tr", "en"], "TR", "Europe/Istanbul", ["consultation", "mentorship"],
                   "Tıbbi onkolog",
                   {"tr": "Meme ve akciğer kanseri tedavisinde tıbbi onkolog; kemoterapi ve immünoterapi protokolleri, "
                          "klinik araştırmalar ve tümör kurulları."}, ["Immunotherapy outcomes in lung cancer"]),
    "radiologist": (["med.radiology"], ["de", "en", "az"], "DE", "Europe/Berlin", ["course", "consultation"],
                    "Radiologe",
                    {"de": "Radiologe mit Schwerpunkt MRT und CT des Bewegungsapparates und der Neuroradiologie; "
                           "Teleradiologie und Befundung aus der Ferne."}, []),
    "prosthetics": (["med.physical_medicine", "2.6"], ["en", "ru"], "GB", "Europe/London", ["course", "visiting"],
                    "Rehabilitation physician, prosthetics",
                    {"en": "Rehabilitation medicine and limb prosthetics: fitting prostheses after amputation, "
                           "rehabilitation of mine victims and war wounded, training prosthetists."},
                    ["Prosthetic rehabilitation of landmine survivors"]),
    "psychiatrist": (["med.psychiatry"], ["ru", "en"], "IL", "Asia/Jerusalem", ["consultation", "course"],
                     "Психиатр, ПТСР",
                     {"ru": "Психиатр, лечение посттравматического стрессового расстройства у ветеранов и "
                            "беженцев, групповая терапия, обучение психологов."}, []),
    "ophthalmologist": (["med.ophthalmology"], ["en", "az"], "CA", "America/Toronto", ["visiting", "course"],
                        "Ophthalmic surgeon",
                        {"en": "Ophthalmologist: cataract and retinal surgery, diabetic retinopathy screening "
                               "programmes."}, []),
    "anaesthetist": (["med.anaesthesiology"], ["de", "az"], "AT", "Europe/Vienna", ["course", "mentorship"],
                     "Anästhesist und Intensivmediziner",
                     {"de": "Anästhesie und Intensivmedizin, Beatmung, Sepsis-Behandlung, Simulationstraining für "
                            "Notfallteams."}, []),
    "infectious": (["med.infectious", "med.public_health"], ["fr", "en"], "FR", "Europe/Paris",
                   ["consultation", "joint_research"], "Infectious disease specialist",
                   {"en": "Infectious diseases and epidemiology: antimicrobial resistance, hospital infection "
                          "control, vaccination campaigns."}, ["Antimicrobial resistance surveillance"]),
    "nephrologist": (["med.nephrology"], ["ru"], "RU", "Europe/Moscow", ["consultation"], "Нефролог",
                     {"ru": "Нефролог, гемодиализ и трансплантация почки, ведение хронической болезни почек."}, []),
    "obstetrician": (["med.obstetrics"], ["tr", "az"], "TR", "Europe/Istanbul", ["mentorship", "course"],
                     "Kadın doğum uzmanı",
                     {"tr": "Kadın hastalıkları ve doğum uzmanı; yüksek riskli gebelikler, perinatoloji ve "
                            "ebelerin eğitimi."}, []),
    "seismic": (["2.1"], ["en", "az"], "US", "America/Los_Angeles", ["joint_research", "consultation"],
                "Structural engineer, earthquakes",
                {"en": "Structural and earthquake engineering: seismic design of buildings and bridges, retrofitting "
                       "of schools and hospitals."}, ["Seismic retrofit of masonry buildings"]),
    "restoration": (["6.4", "2.1"], ["it", "en"], "IT", "Europe/Rome", ["visiting", "consultation"],
                    "Conservation architect",
                    {"en": "Conservation architect: restoration of historic stone mosques, churches and caravanserais, "
                           "documentation of damaged monuments."}, []),
    "archaeologist": (["6.1"], ["ru", "en"], "RU", "Europe/Moscow", ["joint_research", "supervision"],
                      "Археолог",
                      {"ru": "Археолог, раскопки средневековых городов Кавказа, музейные коллекции и "
                             "полевые школы для студентов."}, []),
    "demining": (["2.11"], ["en", "ru"], "GB", "Europe/London", ["consultation", "course"],
                 "Humanitarian demining expert",
                 {"en": "Humanitarian mine action: survey and clearance planning, mine-risk education, "
                        "quality management of demining operations."}, []),
    "water": (["2.7", "1.5"], ["en", "de"], "NL", "Europe/Amsterdam", ["joint_research", "consultation"],
              "Water engineer",
              {"en": "Water resources and irrigation engineering, drinking water supply and wastewater treatment "
                     "for small towns."}, []),
    "solar": (["2.2"], ["de", "en"], "DE", "Europe/Berlin", ["consultation", "lecture"], "Elektroingenieur, Solar",
              {"de": "Elektroingenieur für Photovoltaik und Stromnetze, Planung von Solaranlagen und "
                     "Batteriespeichern."}, []),
    "ml": (["1.2"], ["en", "az"], "US", "America/Los_Angeles", ["supervision", "lecture", "joint_research"],
           "Machine learning researcher",
           {"en": "Machine learning and natural language processing; large language models, speech recognition "
                  "for low-resource languages."}, ["Speech recognition for Turkic languages"]),
    "cyber": (["1.2", "2.2"], ["en", "ru"], "EE", "Europe/Tallinn", ["course", "consultation"],
              "Cybersecurity engineer",
              {"en": "Cybersecurity: protection of government networks, incident response, training security "
                     "operations centre staff."}, []),
    "agronomist": (["4.1"], ["tr", "az"], "TR", "Europe/Istanbul", ["consultation", "joint_research"],
                   "Ziraat mühendisi",
                   {"tr": "Ziraat mühendisi; bağcılık, sulama ve toprak verimliliği, kuraklığa dayanıklı çeşitler."},
                   []),
    "veterinary": (["4.3"], ["ru", "az"], "KZ", "Asia/Almaty", ["consultation"], "Ветеринарный врач",
                   {"ru": "Ветеринарный врач, болезни крупного рогатого скота и овец, вакцинация и "
                          "контроль зоонозов."}, []),
    "economist": (["5.2"], ["en", "az"], "GB", "Europe/London", ["lecture", "supervision"], "Economist",
                  {"en": "Development economist: public finance, regional development and evaluation of "
                         "reconstruction programmes."}, []),
    "lawyer": (["5.5"], ["en", "fr"], "BE", "Europe/Brussels", ["consultation", "lecture"],
               "International lawyer",
               {"en": "Public international law: humanitarian law, cultural heritage protection, international "
                      "courts and arbitration."}, []),
    "education": (["5.3"], ["de", "az", "tr"], "DE", "Europe/Berlin", ["course", "mentorship"],
                  "Erziehungswissenschaftlerin",
                  {"de": "Erziehungswissenschaft: Lehrerbildung, Inklusion, Schulentwicklung und digitale "
                         "Lernmaterialien."}, []),
    "chemist": (["1.4"], ["ru", "en"], "US", "America/Chicago", ["joint_research", "lab_access"], "Химик",
                {"ru": "Химик-аналитик, масс-спектрометрия, анализ загрязнения почвы и воды тяжёлыми металлами, "
                       "доступ к лаборатории для стажёров."}, []),
    "materials": (["2.5", "2.10"], ["en", "ru"], "KR", "Asia/Seoul", ["lab_access", "joint_research"],
                  "Materials scientist",
                  {"en": "Materials science and nanotechnology: thin films, electron microscopy, access to a "
                         "clean room for visiting researchers."}, []),
    "petroleum": (["2.4"], ["en", "az", "ru"], "NO", "Europe/Oslo", ["consultation", "course"],
                  "Petroleum engineer",
                  {"en": "Chemical and petroleum engineering: reservoir simulation, refining processes, "
                         "carbon capture."}, []),
    "math": (["1.1"], ["en", "ru"], "FR", "Europe/Paris", ["lecture", "supervision"], "Mathematician",
             {"en": "Mathematician: probability theory and stochastic processes; supervises doctoral students."}, []),
    "linguist": (["6.2"], ["en", "az", "tr"], "US", "America/New_York", ["lecture", "joint_research"],
                 "Linguist",
                 {"en": "Turkic linguistics: Azerbaijani dialects, corpus linguistics and historical manuscripts."},
                 []),
    "public_health": (["med.public_health", "3.3"], ["ar", "en"], "AE", "Asia/Dubai", ["consultation", "course"],
                      "اختصاصي صحة عامة",
                      {"ar": "اختصاصي في الصحة العامة: إدارة المستشفيات، نظم المعلومات الصحية، والاستعداد "
                             "للطوارئ والكوارث."}, []),
    "dermatologist": (["med.dermatology"], ["en"], "AU", "Australia/Sydney", ["consultation"], "Dermatologist",
                      {"en": "Dermatologist: skin cancer screening, teledermatology, burns scar treatment."}, []),
    "endocrinologist": (["med.endocrinology"], ["ru", "az"], "UA", "Europe/Kyiv", ["consultation", "course"],
                        "Эндокринолог",
                        {"ru": "Эндокринолог, сахарный диабет у детей и взрослых, инсулиновые помпы, "
                               "школы диабета для пациентов."}, []),
    "urban": (["5.7", "2.1"], ["en", "tr"], "NL", "Europe/Amsterdam", ["consultation", "joint_research"],
              "Urban planner",
              {"en": "Urban planning: master plans for towns rebuilt after conflict, smart villages, housing."}, []),
    "physicist": (["1.3"], ["en", "ru"], "CH", "Europe/Zurich", ["lab_access", "supervision"], "Physicist",
                  {"en": "Particle physicist at an accelerator laboratory; detector physics, hosts summer "
                         "students."}, []),
}

# (need language, title, description, fields, mode, languages of work, [experts a reviewer would pick])
NEEDS = [
    ("az", "Uşaq kardioloqu", "Uşaqlarda anadangəlmə ürək qüsurlarının exokardioqrafiya ilə aşkarlanması üzrə "
     "həkimlərimizə təlim keçəcək mütəxəssis lazımdır.", ["med.paediatric_cardiology"], "course", ["az", "en"],
     ["paed_cardio"]),
    ("az", "Ürək cərrahiyyəsi", "Koronar şuntlama və qapaq protezləşdirilməsi əməliyyatlarında cərrahlarımıza "
     "mentorluq edəcək təcrübəli ürək cərrahı axtarırıq.", ["med.cardiac_surgery"], "mentorship", ["az", "ru"],
     ["cardiac_surgeon"]),
    ("az", "Protezləşdirmə", "Mina qurbanları üçün protezləşdirmə və reabilitasiya mərkəzinin işçilərinə kurs lazımdır.",
     ["med.physical_medicine"], "course", ["az", "en"], ["prosthetics"]),
    ("az", "Travma sonrası stress", "Qazilər arasında travma sonrası stress pozuntusunun müalicəsi üzrə "
     "psixoloqlarımıza məsləhət lazımdır.", ["med.psychiatry"], "consultation", ["az", "ru"], ["psychiatrist"]),
    ("az", "Seysmik möhkəmləndirmə", "Qarabağda məktəb və xəstəxana binalarının zəlzələyə davamlı layihələndirilməsi "
     "üçün məsləhətçi.", ["2.1"], "consultation", ["az", "en"], ["seismic"]),
    ("az", "Məscidin bərpası", "Ağdam Cümə məscidinin bərpası üçün tarixi daş abidələrin konservasiyası üzrə "
     "mütəxəssis.", ["6.4"], "consultation", ["en", "az"], ["restoration"]),
    ("az", "Minatəmizləmə", "Füzuli rayonunda minalardan təmizləmə işlərinin planlaşdırılması və keyfiyyətin "
     "idarə olunması üzrə məsləhətçi.", ["2.11"], "consultation", ["az", "en", "ru"], ["demining"]),
    ("az", "Süni intellekt", "Azərbaycan dili üçün nitq tanıma sistemi üzərində işləyən magistrantlara elmi "
     "rəhbərlik.", ["1.2"], "supervision", ["az", "en"], ["ml"]),
    ("az", "Üzümçülük", "Quraqlığa davamlı üzüm sortları və suvarma üzrə fermerlərə məsləhət.", ["4.1"],
     "consultation", ["az", "tr"], ["agronomist"]),
    ("az", "Şəkərli diabet", "Uşaqlarda şəkərli diabetin müalicəsi və insulin pompaları üzrə həkimlərə kurs.",
     ["med.endocrinology"], "course", ["az", "ru"], ["endocrinologist"]),
    ("az", "İçməli su", "Kiçik şəhərlər üçün içməli su təchizatı və tullantı sularının təmizlənməsi layihəsi.",
     ["2.7"], "joint_research", ["az", "en"], ["water"]),
    ("ru", "Гемодиализ", "Нужна консультация по организации отделения гемодиализа и подготовке к трансплантации почки.",
     ["med.nephrology"], "consultation", ["ru"], ["nephrologist"]),
    ("ru", "Кибербезопасность", "Обучение сотрудников центра мониторинга безопасности реагированию на инциденты "
     "в государственных сетях.", ["1.2"], "course", ["ru", "en"], ["cyber"]),
    ("ru", "Археологическая практика", "Руководство полевой школой студентов-археологов на средневековом городище.",
     ["6.1"], "supervision", ["ru", "az"], ["archaeologist"]),
    ("ru", "Онкология", "Консультации по протоколам химиотерапии и иммунотерапии рака лёгкого и молочной железы.",
     ["med.oncology"], "consultation", ["ru", "en", "tr"], ["oncologist"]),
    ("en", "Anaesthesia simulation", "We need a trainer for simulation courses in emergency airway management and "
     "sepsis care for our intensive care teams.", ["med.anaesthesiology"], "course", ["en", "az", "de"],
     ["anaesthetist"]),
    ("en", "Solar microgrid", "Design review of a solar power plant with battery storage for a rebuilt village.",
     ["2.2"], "consultation", ["en", "de"], ["solar"]),
    ("en", "Soil contamination", "Analysis of heavy-metal contamination of soil and water near former mining "
     "sites; our students need lab access abroad.", ["1.4"], "lab_access", ["en", "ru"], ["chemist"]),
    ("tr", "Yüksek riskli gebelik", "Ebelerimize ve doktorlarımıza yüksek riskli gebelik takibi konusunda eğitim.",
     ["med.obstetrics"], "course", ["tr", "az"], ["obstetrician"]),
    ("tr", "Şehir planlaması", "Savaş sonrası yeniden inşa edilen kasabalar için imar planı danışmanlığı.",
     ["5.7"], "consultation", ["tr", "en"], ["urban"]),
    ("tr", "Katarakt cerrahisi", "Göz cerrahlarımız için katarakt ve retina ameliyatlarında misafir uzman.",
     ["med.ophthalmology"], "visiting", ["en", "az"], ["ophthalmologist"]),
    ("ar", "إدارة المستشفيات", "نحتاج إلى خبير في إدارة المستشفيات والاستعداد للطوارئ لتدريب فريقنا.",
     ["med.public_health"], "course", ["ar", "en"], ["public_health", "infectious"]),
    ("ar", "مقاومة المضادات الحيوية", "استشارة حول مكافحة العدوى في المستشفيات ومقاومة المضادات الحيوية.",
     ["med.infectious"], "consultation", ["en", "fr"], ["infectious"]),
    ("en", "Heritage law", "Advice on the international legal protection of destroyed cultural heritage and "
     "bringing cases to international courts.", ["5.5"], "consultation", ["en"], ["lawyer"]),
    ("az", "Müəllim hazırlığı", "Məktəblərdə inklüziv təhsil və müəllimlərin hazırlığı üzrə təlim proqramı.",
     ["5.3"], "course", ["az", "tr"], ["education"]),
]
