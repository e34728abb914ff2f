//! Demonstration bodies of a Kazakhstan-like state: the government, ministries, agencies and
//! committees, cities and regions, districts and rural districts (the fourth budget level).
//!
//! Names of bodies follow the real pattern in Kazakh, Russian and English; heads, BINs,
//! phones, e-mail addresses and websites are fictional (`gov.example.kz`).

use std::collections::HashMap;

use opengov_kernel::{Db, DbError, LocalizedText, Ts};

use crate::kinds::BodyKind;
use crate::store::{self, BodyInput};

/// One demonstration body. Arrays of three are Kazakh, Russian, English.
#[derive(Debug, Clone, Copy)]
pub struct DemoBody {
    pub code: &'static str,
    pub parent_code: Option<&'static str>,
    pub kind: BodyKind,
    pub name: [&'static str; 3],
    pub head: [&'static str; 3],
    pub email: &'static str,
    pub phone: &'static str,
    pub website: &'static str,
    pub bin: &'static str,
    pub address: [&'static str; 3],
}

impl DemoBody {
    /// The URL slug: the code in lower case with `-` for `_`.
    #[must_use]
    pub fn slug(&self) -> String {
        crate::validate::slug_from_code(self.code)
    }

    /// The body as stored, under `parent_id`.
    #[must_use]
    pub fn input(&self, parent_id: Option<i64>) -> BodyInput {
        let text = |t: [&str; 3]| LocalizedText::new(t[0], t[1], t[2]);
        BodyInput {
            code: self.code.to_owned(),
            slug: self.slug(),
            kind: self.kind,
            parent_id,
            name: text(self.name),
            description: LocalizedText::default(),
            head_name: text(self.head),
            email: self.email.to_owned(),
            phone: self.phone.to_owned(),
            address: text(self.address),
            website: self.website.to_owned(),
            bin: self.bin.to_owned(),
            active: true,
        }
    }
}

/// Inserts the demonstration bodies that do not exist yet (by code), parents first, in one
/// transaction; returns `(code, id)` of every demonstration body, old and new.
///
/// Demonstration data is set up by the system, not changed by an official, so nothing is
/// appended to the audit chain.
pub async fn seed(db: &Db, now: Ts) -> Result<Vec<(String, i64)>, DbError> {
    let mut tx = db.begin().await?;
    let mut ids: HashMap<&str, i64> = HashMap::new();
    let mut out = Vec::with_capacity(DEMO_BODIES.len());
    for demo in DEMO_BODIES {
        let id = if let Some(id) = store::id_by_code(&mut tx, demo.code).await? {
            id
        } else {
            let parent_id = match demo.parent_code {
                Some(parent) => match ids.get(parent) {
                    Some(id) => Some(*id),
                    None => store::id_by_code(&mut tx, parent).await?,
                },
                None => None,
            };
            store::create(&mut tx, now, &demo.input(parent_id)).await?
        };
        ids.insert(demo.code, id);
        out.push((demo.code.to_owned(), id));
    }
    tx.commit().await?;
    Ok(out)
}

const ASTANA_MINISTRIES: [&str; 3] = [
    "010000, Астана қ., Мәңгілік Ел даңғылы, 8, Министрліктер үйі",
    "010000, г. Астана, проспект Мангилик Ел, 8, Дом министерств",
    "House of Ministries, 8 Mangilik Yel Avenue, Astana 010000",
];

/// The demonstration bodies, every parent before its children.
pub const DEMO_BODIES: &[DemoBody] = &[
    // The government.
    DemoBody {
        code: "GOV",
        parent_code: None,
        kind: BodyKind::Government,
        name: [
            "Қазақстан Республикасының Үкіметі",
            "Правительство Республики Казахстан",
            "Government of the Republic of Kazakhstan",
        ],
        head: ["Асқар Нұрланов", "Аскар Нурланов", "Askar Nurlanov"],
        email: "info@primeminister.gov.example.kz",
        phone: "+7 7172 74 50 00",
        website: "https://primeminister.gov.example.kz",
        bin: "941240000011",
        address: [
            "010000, Астана қ., Бейбітшілік көшесі, 11, Үкімет үйі",
            "010000, г. Астана, улица Бейбитшилик, 11, Дом Правительства",
            "Government House, 11 Beibitshilik Street, Astana 010000",
        ],
    },
    // Ministries.
    DemoBody {
        code: "MF",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Қаржы министрлігі",
            "Министерство финансов Республики Казахстан",
            "Ministry of Finance of the Republic of Kazakhstan",
        ],
        head: ["Ерлан Жұмабеков", "Ерлан Жумабеков", "Yerlan Zhumabekov"],
        email: "info@minfin.gov.example.kz",
        phone: "+7 7172 71 77 01",
        website: "https://www.gov.example.kz/memleket/entities/minfin",
        bin: "990240001021",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MNE",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Ұлттық экономика министрлігі",
            "Министерство национальной экономики Республики Казахстан",
            "Ministry of National Economy of the Republic of Kazakhstan",
        ],
        head: [
            "Гүлнар Сәрсенбаева",
            "Гульнар Сарсенбаева",
            "Gulnar Sarsenbayeva",
        ],
        email: "info@economy.gov.example.kz",
        phone: "+7 7172 74 30 02",
        website: "https://www.gov.example.kz/memleket/entities/economy",
        bin: "140840002032",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MH",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Денсаулық сақтау министрлігі",
            "Министерство здравоохранения Республики Казахстан",
            "Ministry of Health of the Republic of Kazakhstan",
        ],
        head: ["Мәдина Оспанова", "Мадина Оспанова", "Madina Ospanova"],
        email: "info@dsm.gov.example.kz",
        phone: "+7 7172 74 32 03",
        website: "https://www.gov.example.kz/memleket/entities/dsm",
        bin: "190140003043",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MEDU",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Оқу-ағарту министрлігі",
            "Министерство просвещения Республики Казахстан",
            "Ministry of Enlightenment of the Republic of Kazakhstan",
        ],
        head: ["Дәурен Қасымов", "Даурен Касымов", "Dauren Kassymov"],
        email: "info@edu.gov.example.kz",
        phone: "+7 7172 74 24 04",
        website: "https://www.gov.example.kz/memleket/entities/edu",
        bin: "220640004054",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MSHE",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Ғылым және жоғары білім министрлігі",
            "Министерство науки и высшего образования Республики Казахстан",
            "Ministry of Science and Higher Education of the Republic of Kazakhstan",
        ],
        head: ["Айгүл Тоқтарова", "Айгуль Токтарова", "Aigul Toktarova"],
        email: "info@sci.gov.example.kz",
        phone: "+7 7172 74 16 05",
        website: "https://www.gov.example.kz/memleket/entities/sci",
        bin: "220640005065",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MJ",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Әділет министрлігі",
            "Министерство юстиции Республики Казахстан",
            "Ministry of Justice of the Republic of Kazakhstan",
        ],
        head: [
            "Бауыржан Әбдірахманов",
            "Бауыржан Абдрахманов",
            "Baurzhan Abdrakhmanov",
        ],
        email: "info@adilet.gov.example.kz",
        phone: "+7 7172 74 07 06",
        website: "https://www.gov.example.kz/memleket/entities/adilet",
        bin: "970540006076",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MDD",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
            "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
            "Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan",
        ],
        head: ["Нұрлан Серікбаев", "Нурлан Серикбаев", "Nurlan Serikbayev"],
        email: "info@mdai.gov.example.kz",
        phone: "+7 7172 74 99 07",
        website: "https://www.gov.example.kz/memleket/entities/mdai",
        bin: "190740007087",
        address: [
            "010000, Астана қ., Қабанбай батыр даңғылы, 10",
            "010000, г. Астана, проспект Кабанбай батыра, 10",
            "10 Kabanbay Batyr Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MECO",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Экология және табиғи ресурстар министрлігі",
            "Министерство экологии и природных ресурсов Республики Казахстан",
            "Ministry of Ecology and Natural Resources of the Republic of Kazakhstan",
        ],
        head: [
            "Жанар Бекмұханова",
            "Жанар Бекмуханова",
            "Zhanar Bekmukhanova",
        ],
        email: "info@ecogeo.gov.example.kz",
        phone: "+7 7172 74 08 08",
        website: "https://www.gov.example.kz/memleket/entities/ecogeo",
        bin: "190740008098",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MENERGY",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Энергетика министрлігі",
            "Министерство энергетики Республики Казахстан",
            "Ministry of Energy of the Republic of Kazakhstan",
        ],
        head: ["Ғалым Иманғалиев", "Галым Имангалиев", "Galym Imangaliyev"],
        email: "info@energo.gov.example.kz",
        phone: "+7 7172 78 68 09",
        website: "https://www.gov.example.kz/memleket/entities/energo",
        bin: "140840009109",
        address: [
            "010000, Астана қ., Қабанбай батыр даңғылы, 19",
            "010000, г. Астана, проспект Кабанбай батыра, 19",
            "19 Kabanbay Batyr Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MT",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Көлік министрлігі",
            "Министерство транспорта Республики Казахстан",
            "Ministry of Transport of the Republic of Kazakhstan",
        ],
        head: ["Талғат Ержанов", "Талгат Ержанов", "Talgat Yerzhanov"],
        email: "info@transport.gov.example.kz",
        phone: "+7 7172 75 45 10",
        website: "https://www.gov.example.kz/memleket/entities/transport",
        bin: "230140010110",
        address: [
            "010000, Астана қ., Қабанбай батыр даңғылы, 32/1",
            "010000, г. Астана, проспект Кабанбай батыра, 32/1",
            "32/1 Kabanbay Batyr Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MLSP",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
            "Министерство труда и социальной защиты населения Республики Казахстан",
            "Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan",
        ],
        head: ["Сәуле Мұқанова", "Сауле Муканова", "Saule Mukanova"],
        email: "info@enbek.gov.example.kz",
        phone: "+7 7172 74 36 11",
        website: "https://www.gov.example.kz/memleket/entities/enbek",
        bin: "990240011121",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MIA",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Ішкі істер министрлігі",
            "Министерство внутренних дел Республики Казахстан",
            "Ministry of Internal Affairs of the Republic of Kazakhstan",
        ],
        head: ["Серік Төлеубаев", "Серик Толеубаев", "Serik Toleubayev"],
        email: "info@qriim.gov.example.kz",
        phone: "+7 7172 72 24 12",
        website: "https://www.gov.example.kz/memleket/entities/qriim",
        bin: "960440012132",
        address: [
            "010000, Астана қ., Тәуелсіздік даңғылы, 1",
            "010000, г. Астана, проспект Тауелсиздик, 1",
            "1 Tauelsizdik Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MA",
        parent_code: Some("GOV"),
        kind: BodyKind::Ministry,
        name: [
            "Қазақстан Республикасы Ауыл шаруашылығы министрлігі",
            "Министерство сельского хозяйства Республики Казахстан",
            "Ministry of Agriculture of the Republic of Kazakhstan",
        ],
        head: ["Қайрат Омаров", "Кайрат Омаров", "Kairat Omarov"],
        email: "info@moa.gov.example.kz",
        phone: "+7 7172 55 57 13",
        website: "https://www.gov.example.kz/memleket/entities/moa",
        bin: "990740013143",
        address: [
            "010000, Астана қ., Кенесары көшесі, 36",
            "010000, г. Астана, улица Кенесары, 36",
            "36 Kenesary Street, Astana 010000",
        ],
    },
    // Agencies.
    DemoBody {
        code: "ACS",
        parent_code: Some("GOV"),
        kind: BodyKind::Agency,
        name: [
            "Қазақстан Республикасы Мемлекеттік қызмет істері агенттігі",
            "Агентство Республики Казахстан по делам государственной службы",
            "Agency of the Republic of Kazakhstan for Civil Service Affairs",
        ],
        head: ["Динара Смағұлова", "Динара Смагулова", "Dinara Smagulova"],
        email: "info@kyzmet.gov.example.kz",
        phone: "+7 7172 74 02 14",
        website: "https://www.gov.example.kz/memleket/entities/kyzmet",
        bin: "191240014154",
        address: [
            "010000, Астана қ., Абай даңғылы, 33а",
            "010000, г. Астана, проспект Абая, 33а",
            "33a Abay Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "ACC",
        parent_code: Some("GOV"),
        kind: BodyKind::Agency,
        name: [
            "Қазақстан Республикасы Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі",
            "Агентство Республики Казахстан по противодействию коррупции",
            "Anti-Corruption Agency of the Republic of Kazakhstan",
        ],
        head: ["Арман Байжанов", "Арман Байжанов", "Arman Baizhanov"],
        email: "info@anticorruption.gov.example.kz",
        phone: "+7 7172 74 16 15",
        website: "https://www.gov.example.kz/memleket/entities/anticorruption",
        bin: "190840015165",
        address: [
            "010000, Астана қ., Сейфуллин көшесі, 37",
            "010000, г. Астана, улица Сейфуллина, 37",
            "37 Seifullin Street, Astana 010000",
        ],
    },
    DemoBody {
        code: "APDC",
        parent_code: Some("GOV"),
        kind: BodyKind::Agency,
        name: [
            "Қазақстан Республикасы Бәсекелестікті қорғау және дамыту агенттігі",
            "Агентство по защите и развитию конкуренции Республики Казахстан",
            "Agency for Protection and Development of Competition of the Republic of Kazakhstan",
        ],
        head: ["Гүлмира Есенова", "Гульмира Есенова", "Gulmira Yessenova"],
        email: "info@zhbtda.gov.example.kz",
        phone: "+7 7172 74 98 16",
        website: "https://www.gov.example.kz/memleket/entities/zhbtda",
        bin: "201040016176",
        address: [
            "010000, Астана қ., Сарайшық көшесі, 34",
            "010000, г. Астана, улица Сарайшык, 34",
            "34 Saraishyk Street, Astana 010000",
        ],
    },
    DemoBody {
        code: "ASPR",
        parent_code: Some("GOV"),
        kind: BodyKind::Agency,
        name: [
            "Қазақстан Республикасы Стратегиялық жоспарлау және реформалар агенттігі",
            "Агентство по стратегическому планированию и реформам Республики Казахстан",
            "Agency for Strategic Planning and Reforms of the Republic of Kazakhstan",
        ],
        head: [
            "Руслан Ахметжанов",
            "Руслан Ахметжанов",
            "Ruslan Akhmetzhanov",
        ],
        email: "info@aspr.gov.example.kz",
        phone: "+7 7172 74 90 17",
        website: "https://www.gov.example.kz/memleket/entities/aspr",
        bin: "201040017187",
        address: [
            "010000, Астана қ., Мәңгілік Ел даңғылы, 10",
            "010000, г. Астана, проспект Мангилик Ел, 10",
            "10 Mangilik Yel Avenue, Astana 010000",
        ],
    },
    // Committees and bureaus inside ministries and agencies.
    DemoBody {
        code: "MF_SRC",
        parent_code: Some("MF"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Қаржы министрлігінің Мемлекеттік кірістер комитеті",
            "Комитет государственных доходов Министерства финансов Республики Казахстан",
            "State Revenue Committee of the Ministry of Finance of the Republic of Kazakhstan",
        ],
        head: [
            "Ләззат Нұрпейісова",
            "Ляззат Нурпеисова",
            "Lyazzat Nurpeissova",
        ],
        email: "info@kgd.gov.example.kz",
        phone: "+7 7172 71 80 18",
        website: "https://www.gov.example.kz/memleket/entities/kgd",
        bin: "990240018198",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MF_TREASURY",
        parent_code: Some("MF"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Қаржы министрлігінің Қазынашылық комитеті",
            "Комитет казначейства Министерства финансов Республики Казахстан",
            "Treasury Committee of the Ministry of Finance of the Republic of Kazakhstan",
        ],
        head: ["Марат Ысқақов", "Марат Искаков", "Marat Iskakov"],
        email: "info@kazn.gov.example.kz",
        phone: "+7 7172 71 81 19",
        website: "https://www.gov.example.kz/memleket/entities/kazn",
        bin: "990240019209",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "ASPR_BNS",
        parent_code: Some("ASPR"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Стратегиялық жоспарлау және реформалар агенттігінің Ұлттық статистика бюросы",
            "Бюро национальной статистики Агентства по стратегическому планированию и реформам Республики Казахстан",
            "Bureau of National Statistics of the Agency for Strategic Planning and Reforms of the Republic of Kazakhstan",
        ],
        head: ["Айжан Дүйсенова", "Айжан Дюсенова", "Aizhan Dyussenova"],
        email: "info@stat.gov.example.kz",
        phone: "+7 7172 74 93 20",
        website: "https://stat.gov.example.kz",
        bin: "201040020210",
        address: [
            "010000, Астана қ., Мәңгілік Ел даңғылы, 10",
            "010000, г. Астана, проспект Мангилик Ел, 10",
            "10 Mangilik Yel Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MH_SEC",
        parent_code: Some("MH"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Денсаулық сақтау министрлігінің Санитариялық-эпидемиологиялық бақылау комитеті",
            "Комитет санитарно-эпидемиологического контроля Министерства здравоохранения Республики Казахстан",
            "Committee for Sanitary and Epidemiological Control of the Ministry of Health of the Republic of Kazakhstan",
        ],
        head: [
            "Ержан Құдайбергенов",
            "Ержан Кудайбергенов",
            "Yerzhan Kudaibergenov",
        ],
        email: "info@ksek.gov.example.kz",
        phone: "+7 7172 74 33 21",
        website: "https://www.gov.example.kz/memleket/entities/ksek",
        bin: "200940021221",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MEDU_QA",
        parent_code: Some("MEDU"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Оқу-ағарту министрлігінің Білім беру саласындағы сапаны қамтамасыз ету комитеті",
            "Комитет по обеспечению качества в сфере образования Министерства просвещения Республики Казахстан",
            "Committee for Quality Assurance in Education of the Ministry of Enlightenment of the Republic of Kazakhstan",
        ],
        head: ["Шынар Әбілдаева", "Шынар Абилдаева", "Shynar Abildayeva"],
        email: "info@quality.gov.example.kz",
        phone: "+7 7172 74 25 22",
        website: "https://www.gov.example.kz/memleket/entities/quality",
        bin: "220740022232",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MIA_MIGRATION",
        parent_code: Some("MIA"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Ішкі істер министрлігінің Көші-қон қызметі комитеті",
            "Комитет миграционной службы Министерства внутренних дел Республики Казахстан",
            "Migration Service Committee of the Ministry of Internal Affairs of the Republic of Kazakhstan",
        ],
        head: ["Бақытжан Сейітов", "Бакытжан Сеитов", "Bakytzhan Seitov"],
        email: "info@migration.gov.example.kz",
        phone: "+7 7172 72 25 23",
        website: "https://www.gov.example.kz/memleket/entities/migration",
        bin: "170240023243",
        address: [
            "010000, Астана қ., Тәуелсіздік даңғылы, 1",
            "010000, г. Астана, проспект Тауелсиздик, 1",
            "1 Tauelsizdik Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MECO_FORESTRY",
        parent_code: Some("MECO"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Экология және табиғи ресурстар министрлігінің Орман шаруашылығы және жануарлар дүниесі комитеті",
            "Комитет лесного хозяйства и животного мира Министерства экологии и природных ресурсов Республики Казахстан",
            "Forestry and Wildlife Committee of the Ministry of Ecology and Natural Resources of the Republic of Kazakhstan",
        ],
        head: ["Индира Тәжібаева", "Индира Тажибаева", "Indira Tazhibayeva"],
        email: "info@forest.gov.example.kz",
        phone: "+7 7172 74 10 24",
        website: "https://www.gov.example.kz/memleket/entities/forest",
        bin: "190840024254",
        address: ASTANA_MINISTRIES,
    },
    DemoBody {
        code: "MT_ROADS",
        parent_code: Some("MT"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Көлік министрлігінің Автомобиль жолдары комитеті",
            "Комитет автомобильных дорог Министерства транспорта Республики Казахстан",
            "Roads Committee of the Ministry of Transport of the Republic of Kazakhstan",
        ],
        head: ["Самат Мұратов", "Самат Муратов", "Samat Muratov"],
        email: "info@kad.gov.example.kz",
        phone: "+7 7172 75 46 25",
        website: "https://www.gov.example.kz/memleket/entities/kad",
        bin: "230240025265",
        address: [
            "010000, Астана қ., Қабанбай батыр даңғылы, 32/1",
            "010000, г. Астана, проспект Кабанбай батыра, 32/1",
            "32/1 Kabanbay Batyr Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "MA_VET",
        parent_code: Some("MA"),
        kind: BodyKind::Committee,
        name: [
            "Қазақстан Республикасы Ауыл шаруашылығы министрлігінің Ветеринариялық бақылау және қадағалау комитеті",
            "Комитет ветеринарного контроля и надзора Министерства сельского хозяйства Республики Казахстан",
            "Committee for Veterinary Control and Supervision of the Ministry of Agriculture of the Republic of Kazakhstan",
        ],
        head: [
            "Әсем Рахымжанова",
            "Асем Рахимжанова",
            "Assem Rakhimzhanova",
        ],
        email: "info@vet.gov.example.kz",
        phone: "+7 7172 55 58 26",
        website: "https://www.gov.example.kz/memleket/entities/vet",
        bin: "140940026276",
        address: [
            "010000, Астана қ., Кенесары көшесі, 36",
            "010000, г. Астана, улица Кенесары, 36",
            "36 Kenesary Street, Astana 010000",
        ],
    },
    // Cities of republican significance and regions.
    DemoBody {
        code: "ASTANA",
        parent_code: Some("GOV"),
        kind: BodyKind::City,
        name: [
            "Астана қаласының әкімдігі",
            "Акимат города Астаны",
            "Akimat of Astana",
        ],
        head: [
            "Мейрам Бөкейханов",
            "Мейрам Букейханов",
            "Meiram Bukeikhanov",
        ],
        email: "info@astana.gov.example.kz",
        phone: "+7 7172 55 64 27",
        website: "https://www.gov.example.kz/memleket/entities/astana",
        bin: "990240027287",
        address: [
            "010000, Астана қ., Бейбітшілік көшесі, 11",
            "010000, г. Астана, улица Бейбитшилик, 11",
            "11 Beibitshilik Street, Astana 010000",
        ],
    },
    DemoBody {
        code: "ALMATY",
        parent_code: Some("GOV"),
        kind: BodyKind::City,
        name: [
            "Алматы қаласының әкімдігі",
            "Акимат города Алматы",
            "Akimat of Almaty",
        ],
        head: ["Назгүл Қалиева", "Назгуль Калиева", "Nazgul Kaliyeva"],
        email: "info@almaty.gov.example.kz",
        phone: "+7 727 271 65 28",
        website: "https://www.gov.example.kz/memleket/entities/almaty",
        bin: "990140028298",
        address: [
            "050001, Алматы қ., Республика алаңы, 4",
            "050001, г. Алматы, площадь Республики, 4",
            "4 Republic Square, Almaty 050001",
        ],
    },
    DemoBody {
        code: "SHYMKENT",
        parent_code: Some("GOV"),
        kind: BodyKind::City,
        name: [
            "Шымкент қаласының әкімдігі",
            "Акимат города Шымкент",
            "Akimat of Shymkent",
        ],
        head: ["Темірлан Жүнісов", "Темирлан Жунусов", "Temirlan Zhunussov"],
        email: "info@shymkent.gov.example.kz",
        phone: "+7 7252 55 03 29",
        website: "https://www.gov.example.kz/memleket/entities/shymkent",
        bin: "180740029209",
        address: [
            "160012, Шымкент қ., Тәуке хан даңғылы, 5",
            "160012, г. Шымкент, проспект Тауке хана, 5",
            "5 Tauke Khan Avenue, Shymkent 160012",
        ],
    },
    DemoBody {
        code: "AKMOLA",
        parent_code: Some("GOV"),
        kind: BodyKind::Region,
        name: [
            "Ақмола облысының әкімдігі",
            "Акимат Акмолинской области",
            "Akimat of Akmola Region",
        ],
        head: ["Гаухар Бейсенова", "Гаухар Бейсенова", "Gaukhar Beissenova"],
        email: "info@akmola.gov.example.kz",
        phone: "+7 7162 29 90 30",
        website: "https://www.gov.example.kz/memleket/entities/akmola",
        bin: "990440030310",
        address: [
            "020000, Көкшетау қ., Абай көшесі, 83",
            "020000, г. Кокшетау, улица Абая, 83",
            "83 Abay Street, Kokshetau 020000",
        ],
    },
    DemoBody {
        code: "KARAGANDA",
        parent_code: Some("GOV"),
        kind: BodyKind::Region,
        name: [
            "Қарағанды облысының әкімдігі",
            "Акимат Карагандинской области",
            "Akimat of Karaganda Region",
        ],
        head: ["Даулет Сұлтанов", "Даулет Султанов", "Daulet Sultanov"],
        email: "info@karaganda.gov.example.kz",
        phone: "+7 7212 56 60 31",
        website: "https://www.gov.example.kz/memleket/entities/karaganda",
        bin: "990340031321",
        address: [
            "100000, Қарағанды қ., Бұқар жырау даңғылы, 13",
            "100000, г. Караганда, проспект Бухар-Жырау, 13",
            "13 Bukhar Zhyrau Avenue, Karaganda 100000",
        ],
    },
    // Cities of regional significance.
    DemoBody {
        code: "AKMOLA_KOKSHETAU",
        parent_code: Some("AKMOLA"),
        kind: BodyKind::City,
        name: [
            "Көкшетау қаласының әкімдігі",
            "Акимат города Кокшетау",
            "Akimat of Kokshetau",
        ],
        head: [
            "Ақмарал Тұрсынова",
            "Акмарал Турсынова",
            "Akmaral Tursynova",
        ],
        email: "info@kokshetau.gov.example.kz",
        phone: "+7 7162 25 12 32",
        website: "https://www.gov.example.kz/memleket/entities/kokshetau",
        bin: "990540032332",
        address: [
            "020000, Көкшетау қ., Әуелбеков көшесі, 129",
            "020000, г. Кокшетау, улица Ауельбекова, 129",
            "129 Auelbekov Street, Kokshetau 020000",
        ],
    },
    DemoBody {
        code: "KARAGANDA_CITY",
        parent_code: Some("KARAGANDA"),
        kind: BodyKind::City,
        name: [
            "Қарағанды қаласының әкімдігі",
            "Акимат города Караганды",
            "Akimat of Karaganda",
        ],
        head: ["Мұхтар Әлімжанов", "Мухтар Алимжанов", "Mukhtar Alimzhanov"],
        email: "info@krg.gov.example.kz",
        phone: "+7 7212 41 06 33",
        website: "https://www.gov.example.kz/memleket/entities/krg",
        bin: "990640033343",
        address: [
            "100012, Қарағанды қ., Ерубаев көшесі, 39",
            "100012, г. Караганда, улица Ерубаева, 39",
            "39 Yerubayev Street, Karaganda 100012",
        ],
    },
    // Districts of cities and regions.
    DemoBody {
        code: "ASTANA_ESIL",
        parent_code: Some("ASTANA"),
        kind: BodyKind::District,
        name: [
            "Астана қаласы Есіл ауданының әкімдігі",
            "Акимат района Есиль города Астаны",
            "Akimat of Esil District, Astana",
        ],
        head: ["Жазира Өтегенова", "Жазира Утегенова", "Zhazira Utegenova"],
        email: "info@esil-astana.gov.example.kz",
        phone: "+7 7172 55 71 34",
        website: "https://www.gov.example.kz/memleket/entities/esil-astana",
        bin: "080440034354",
        address: [
            "010000, Астана қ., Сығанақ көшесі, 29",
            "010000, г. Астана, улица Сыганак, 29",
            "29 Syganak Street, Astana 010000",
        ],
    },
    DemoBody {
        code: "ASTANA_SARYARKA",
        parent_code: Some("ASTANA"),
        kind: BodyKind::District,
        name: [
            "Астана қаласы Сарыарқа ауданының әкімдігі",
            "Акимат района Сарыарка города Астаны",
            "Akimat of Saryarka District, Astana",
        ],
        head: [
            "Нұржан Қожахметов",
            "Нуржан Кожахметов",
            "Nurzhan Kozhakhmetov",
        ],
        email: "info@saryarka-astana.gov.example.kz",
        phone: "+7 7172 39 11 35",
        website: "https://www.gov.example.kz/memleket/entities/saryarka-astana",
        bin: "080440035365",
        address: [
            "010000, Астана қ., Жеңіс даңғылы, 23",
            "010000, г. Астана, проспект Женис, 23",
            "23 Zhenis Avenue, Astana 010000",
        ],
    },
    DemoBody {
        code: "ALMATY_MEDEU",
        parent_code: Some("ALMATY"),
        kind: BodyKind::District,
        name: [
            "Алматы қаласы Медеу ауданының әкімдігі",
            "Акимат Медеуского района города Алматы",
            "Akimat of Medeu District, Almaty",
        ],
        head: [
            "Салтанат Аманжолова",
            "Салтанат Аманжолова",
            "Saltanat Amanzholova",
        ],
        email: "info@medeu-almaty.gov.example.kz",
        phone: "+7 727 293 12 36",
        website: "https://www.gov.example.kz/memleket/entities/medeu-almaty",
        bin: "970240036376",
        address: [
            "050004, Алматы қ., Жамбыл көшесі, 14",
            "050004, г. Алматы, улица Жамбыла, 14",
            "14 Zhambyl Street, Almaty 050004",
        ],
    },
    DemoBody {
        code: "ALMATY_BOSTANDYK",
        parent_code: Some("ALMATY"),
        kind: BodyKind::District,
        name: [
            "Алматы қаласы Бостандық ауданының әкімдігі",
            "Акимат Бостандыкского района города Алматы",
            "Akimat of Bostandyk District, Almaty",
        ],
        head: ["Ғани Есімов", "Гани Есимов", "Gani Yessimov"],
        email: "info@bostandyk-almaty.gov.example.kz",
        phone: "+7 727 274 80 37",
        website: "https://www.gov.example.kz/memleket/entities/bostandyk-almaty",
        bin: "970240037387",
        address: [
            "050057, Алматы қ., Тимирязев көшесі, 40",
            "050057, г. Алматы, улица Тимирязева, 40",
            "40 Timiryazev Street, Almaty 050057",
        ],
    },
    DemoBody {
        code: "SHYMKENT_ALFARABI",
        parent_code: Some("SHYMKENT"),
        kind: BodyKind::District,
        name: [
            "Шымкент қаласы Әл-Фараби ауданының әкімдігі",
            "Акимат района Аль-Фараби города Шымкент",
            "Akimat of Al-Farabi District, Shymkent",
        ],
        head: [
            "Ұлжан Байтұрсынова",
            "Улжан Байтурсынова",
            "Ulzhan Baitursynova",
        ],
        email: "info@alfarabi-shymkent.gov.example.kz",
        phone: "+7 7252 53 40 38",
        website: "https://www.gov.example.kz/memleket/entities/alfarabi-shymkent",
        bin: "180840038398",
        address: [
            "160000, Шымкент қ., Әл-Фараби алаңы, 3",
            "160000, г. Шымкент, площадь Аль-Фараби, 3",
            "3 Al-Farabi Square, Shymkent 160000",
        ],
    },
    DemoBody {
        code: "AKMOLA_BURABAY",
        parent_code: Some("AKMOLA"),
        kind: BodyKind::District,
        name: [
            "Ақмола облысы Бурабай ауданының әкімдігі",
            "Акимат Бурабайского района Акмолинской области",
            "Akimat of Burabay District, Akmola Region",
        ],
        head: ["Алмас Шәріпов", "Алмас Шарипов", "Almas Sharipov"],
        email: "info@burabay.gov.example.kz",
        phone: "+7 71636 4 12 39",
        website: "https://www.gov.example.kz/memleket/entities/burabay",
        bin: "990540039409",
        address: [
            "021700, Бурабай ауданы, Щучинск қ., Абылай хан көшесі, 38",
            "021700, Бурабайский район, г. Щучинск, улица Абылай хана, 38",
            "38 Abylai Khan Street, Shchuchinsk, Burabay District 021700",
        ],
    },
    DemoBody {
        code: "AKMOLA_TSELINOGRAD",
        parent_code: Some("AKMOLA"),
        kind: BodyKind::District,
        name: [
            "Ақмола облысы Целиноград ауданының әкімдігі",
            "Акимат Целиноградского района Акмолинской области",
            "Akimat of Tselinograd District, Akmola Region",
        ],
        head: [
            "Перизат Нұртазина",
            "Перизат Нуртазина",
            "Perizat Nurtazina",
        ],
        email: "info@tselinograd.gov.example.kz",
        phone: "+7 71651 3 15 40",
        website: "https://www.gov.example.kz/memleket/entities/tselinograd",
        bin: "990540040410",
        address: [
            "021800, Целиноград ауданы, Ақмол а., Гагарин көшесі, 15",
            "021800, Целиноградский район, с. Акмол, улица Гагарина, 15",
            "15 Gagarin Street, Akmol village, Tselinograd District 021800",
        ],
    },
    DemoBody {
        code: "KARAGANDA_BUKHARZHYRAU",
        parent_code: Some("KARAGANDA"),
        kind: BodyKind::District,
        name: [
            "Қарағанды облысы Бұқар жырау ауданының әкімдігі",
            "Акимат района Бухар-Жырау Карагандинской области",
            "Akimat of Bukhar-Zhyrau District, Karaganda Region",
        ],
        head: ["Бекзат Үсенов", "Бекзат Усенов", "Bekzat Ussenov"],
        email: "info@bukharzhyrau.gov.example.kz",
        phone: "+7 72154 2 10 41",
        website: "https://www.gov.example.kz/memleket/entities/bukharzhyrau",
        bin: "990340041421",
        address: [
            "100500, Бұқар жырау ауданы, Ботақара кенті, Абай көшесі, 1",
            "100500, район Бухар-Жырау, поселок Ботакара, улица Абая, 1",
            "1 Abay Street, Botakara, Bukhar-Zhyrau District 100500",
        ],
    },
    DemoBody {
        code: "KARAGANDA_KARKARALY",
        parent_code: Some("KARAGANDA"),
        kind: BodyKind::District,
        name: [
            "Қарағанды облысы Қарқаралы ауданының әкімдігі",
            "Акимат Каркаралинского района Карагандинской области",
            "Akimat of Karkaraly District, Karaganda Region",
        ],
        head: ["Камила Жолдасова", "Камила Жолдасова", "Kamila Zholdassova"],
        email: "info@karkaraly.gov.example.kz",
        phone: "+7 72146 3 18 42",
        website: "https://www.gov.example.kz/memleket/entities/karkaraly",
        bin: "990340042432",
        address: [
            "100800, Қарқаралы ауданы, Қарқаралы қ., Тоқтаров көшесі, 21",
            "100800, Каркаралинский район, г. Каркаралинск, улица Токтарова, 21",
            "21 Toktarov Street, Karkaralinsk, Karkaraly District 100800",
        ],
    },
    // Rural districts (auyl okrugs): the fourth level of budgets.
    DemoBody {
        code: "BURABAY_KATARKOL",
        parent_code: Some("AKMOLA_BURABAY"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Қатаркөл ауылдық округі әкімінің аппараты",
            "Аппарат акима Катаркольского сельского округа",
            "Office of the Akim of Katarkol Rural District",
        ],
        head: ["Ерболат Тілеуов", "Ерболат Тлеуов", "Yerbolat Tleuov"],
        email: "katarkol@burabay.gov.example.kz",
        phone: "+7 71636 2 31 43",
        website: "https://www.gov.example.kz/memleket/entities/burabay-katarkol",
        bin: "080740043443",
        address: [
            "021708, Бурабай ауданы, Қатаркөл ауылы, Орталық көшесі, 2",
            "021708, Бурабайский район, село Катарколь, улица Центральная, 2",
            "2 Tsentralnaya Street, Katarkol village, Burabay District 021708",
        ],
    },
    DemoBody {
        code: "BURABAY_AKYLBAY",
        parent_code: Some("AKMOLA_BURABAY"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Ақылбай ауылдық округі әкімінің аппараты",
            "Аппарат акима Акылбайского сельского округа",
            "Office of the Akim of Akylbay Rural District",
        ],
        head: ["Анар Садықова", "Анар Садыкова", "Anar Sadykova"],
        email: "akylbay@burabay.gov.example.kz",
        phone: "+7 71636 2 44 44",
        website: "https://www.gov.example.kz/memleket/entities/burabay-akylbay",
        bin: "080740044454",
        address: [
            "021712, Бурабай ауданы, Ақылбай ауылы, Мектеп көшесі, 7",
            "021712, Бурабайский район, село Акылбай, улица Мектеп, 7",
            "7 Mektep Street, Akylbay village, Burabay District 021712",
        ],
    },
    DemoBody {
        code: "TSELINOGRAD_AKMOL",
        parent_code: Some("AKMOLA_TSELINOGRAD"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Ақмол ауылдық округі әкімінің аппараты",
            "Аппарат акима Акмолского сельского округа",
            "Office of the Akim of Akmol Rural District",
        ],
        head: ["Жандос Бекенов", "Жандос Бекенов", "Zhandos Bekenov"],
        email: "akmol@tselinograd.gov.example.kz",
        phone: "+7 71651 3 22 45",
        website: "https://www.gov.example.kz/memleket/entities/tselinograd-akmol",
        bin: "080640045465",
        address: [
            "021800, Целиноград ауданы, Ақмол ауылы, Гагарин көшесі, 17",
            "021800, Целиноградский район, село Акмол, улица Гагарина, 17",
            "17 Gagarin Street, Akmol village, Tselinograd District 021800",
        ],
    },
    DemoBody {
        code: "TSELINOGRAD_KABANBAY",
        parent_code: Some("AKMOLA_TSELINOGRAD"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Қабанбай батыр ауылдық округі әкімінің аппараты",
            "Аппарат акима сельского округа Кабанбай батыра",
            "Office of the Akim of Kabanbay Batyr Rural District",
        ],
        head: [
            "Мөлдір Шаймерденова",
            "Мольдир Шаймерденова",
            "Moldir Shaimerdenova",
        ],
        email: "kabanbay@tselinograd.gov.example.kz",
        phone: "+7 71651 3 40 46",
        website: "https://www.gov.example.kz/memleket/entities/tselinograd-kabanbay",
        bin: "080640046476",
        address: [
            "021806, Целиноград ауданы, Қабанбай батыр ауылы, Достық көшесі, 4",
            "021806, Целиноградский район, село Кабанбай батыра, улица Достык, 4",
            "4 Dostyk Street, Kabanbay Batyr village, Tselinograd District 021806",
        ],
    },
    DemoBody {
        code: "BUKHARZHYRAU_USHTOBE",
        parent_code: Some("KARAGANDA_BUKHARZHYRAU"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Үштөбе ауылдық округі әкімінің аппараты",
            "Аппарат акима Уштобинского сельского округа",
            "Office of the Akim of Ushtobe Rural District",
        ],
        head: ["Олжас Тәкенов", "Олжас Такенов", "Olzhas Takenov"],
        email: "ushtobe@bukharzhyrau.gov.example.kz",
        phone: "+7 72154 3 11 47",
        website: "https://www.gov.example.kz/memleket/entities/bukharzhyrau-ushtobe",
        bin: "080540047487",
        address: [
            "100516, Бұқар жырау ауданы, Үштөбе ауылы, Бейбітшілік көшесі, 9",
            "100516, район Бухар-Жырау, село Уштобе, улица Бейбитшилик, 9",
            "9 Beibitshilik Street, Ushtobe village, Bukhar-Zhyrau District 100516",
        ],
    },
    DemoBody {
        code: "BUKHARZHYRAU_DOSKEY",
        parent_code: Some("KARAGANDA_BUKHARZHYRAU"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Доскей ауылдық округі әкімінің аппараты",
            "Аппарат акима Доскейского сельского округа",
            "Office of the Akim of Doskey Rural District",
        ],
        head: ["Әлия Қуанышева", "Алия Куанышева", "Aliya Kuanysheva"],
        email: "doskey@bukharzhyrau.gov.example.kz",
        phone: "+7 72154 3 27 48",
        website: "https://www.gov.example.kz/memleket/entities/bukharzhyrau-doskey",
        bin: "080540048498",
        address: [
            "100520, Бұқар жырау ауданы, Доскей ауылы, Абай көшесі, 12",
            "100520, район Бухар-Жырау, село Доскей, улица Абая, 12",
            "12 Abay Street, Doskey village, Bukhar-Zhyrau District 100520",
        ],
    },
    DemoBody {
        code: "KARKARALY_EGINDYBULAK",
        parent_code: Some("KARAGANDA_KARKARALY"),
        kind: BodyKind::RuralDistrict,
        name: [
            "Егіндібұлақ ауылдық округі әкімінің аппараты",
            "Аппарат акима Егиндыбулакского сельского округа",
            "Office of the Akim of Egindybulak Rural District",
        ],
        head: ["Ботагөз Жақыпова", "Ботагоз Жакыпова", "Botagoz Zhakypova"],
        email: "egindybulak@karkaraly.gov.example.kz",
        phone: "+7 72146 2 51 49",
        website: "https://www.gov.example.kz/memleket/entities/karkaraly-egindybulak",
        bin: "080340049409",
        address: [
            "100830, Қарқаралы ауданы, Егіндібұлақ ауылы, Тәуелсіздік көшесі, 5",
            "100830, Каркаралинский район, село Егиндыбулак, улица Тауелсиздик, 5",
            "5 Tauelsizdik Street, Egindybulak village, Karkaraly District 100830",
        ],
    },
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::validate::{
        is_plausible_email, is_plausible_phone, is_valid_bin, is_valid_slug, is_web_address,
    };

    #[test]
    fn there_are_enough_bodies_of_every_kind() {
        assert!(
            DEMO_BODIES.len() >= 40,
            "only {} demo bodies",
            DEMO_BODIES.len()
        );
        for kind in BodyKind::ALL {
            assert!(
                DEMO_BODIES.iter().any(|b| b.kind == kind),
                "no demo body of kind {kind}"
            );
        }
        let count = |kind| DEMO_BODIES.iter().filter(|b| b.kind == kind).count();
        assert!(count(BodyKind::Ministry) >= 12);
        assert!(count(BodyKind::District) >= 4);
        assert!(count(BodyKind::RuralDistrict) >= 6);
    }

    #[test]
    fn codes_slugs_and_bins_are_unique() {
        let codes: HashSet<&str> = DEMO_BODIES.iter().map(|b| b.code).collect();
        assert_eq!(codes.len(), DEMO_BODIES.len(), "duplicate codes");
        let slugs: HashSet<String> = DEMO_BODIES.iter().map(DemoBody::slug).collect();
        assert_eq!(slugs.len(), DEMO_BODIES.len(), "duplicate slugs");
        let bins: HashSet<&str> = DEMO_BODIES.iter().map(|b| b.bin).collect();
        assert_eq!(bins.len(), DEMO_BODIES.len(), "duplicate BINs");
    }

    #[test]
    fn parents_exist_and_come_first() {
        let mut seen: HashSet<&str> = HashSet::new();
        for b in DEMO_BODIES {
            if let Some(parent) = b.parent_code {
                assert!(
                    seen.contains(parent),
                    "{}: parent {parent} missing or later",
                    b.code
                );
            } else {
                assert_eq!(b.kind, BodyKind::Government, "{} has no parent", b.code);
            }
            seen.insert(b.code);
        }
    }

    #[test]
    fn every_field_is_filled_and_valid() {
        for b in DEMO_BODIES {
            for text in b.name.iter().chain(&b.head).chain(&b.address) {
                assert!(
                    !text.trim().is_empty(),
                    "{}: an empty name, head or address",
                    b.code
                );
            }
            assert!(
                is_valid_bin(b.bin) && !b.bin.is_empty(),
                "{}: bad BIN",
                b.code
            );
            assert!(is_valid_slug(&b.slug()), "{}: bad slug", b.code);
            assert!(
                b.email.ends_with(".gov.example.kz") && is_plausible_email(b.email),
                "{}: email",
                b.code
            );
            assert!(
                b.phone.starts_with("+7 7") && is_plausible_phone(b.phone),
                "{}: phone",
                b.code
            );
            assert!(
                is_web_address(b.website) && b.website.contains("gov.example.kz"),
                "{}: website",
                b.code
            );
            let input = b.input(None);
            assert_eq!(input.code, b.code);
        }
    }

    #[test]
    fn scripts_match_languages() {
        let kazakh_letters = ['ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і'];
        let has_cyrillic = |t: &str| t.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        for b in DEMO_BODIES {
            let [kk, ru, en] = b.name;
            assert!(
                has_cyrillic(kk) && has_cyrillic(ru),
                "{}: kk and ru names are Cyrillic",
                b.code
            );
            assert!(!has_cyrillic(en), "{}: the English name is Latin", b.code);
            assert!(
                !ru.chars()
                    .any(|c| kazakh_letters.contains(&c.to_lowercase().next().unwrap_or(c))),
                "{}: Kazakh letters in the Russian name",
                b.code
            );
            assert!(
                !has_cyrillic(b.head[2]) && !has_cyrillic(b.address[2]),
                "{}: English head/address",
                b.code
            );
        }
        let kazakh_specific = DEMO_BODIES
            .iter()
            .filter(|b| {
                b.name[0]
                    .to_lowercase()
                    .chars()
                    .any(|c| kazakh_letters.contains(&c))
            })
            .count();
        assert!(
            kazakh_specific * 10 >= DEMO_BODIES.len() * 9,
            "Kazakh names should use Kazakh letters"
        );
    }
}
