"""The bundled database: counts pinned so that a lost file is noticed, and its editorial rules."""

from __future__ import annotations

import pytest

from generator.build import check
from generator.content.model import Catalog
from generator.settings import Project

from .conftest import REPO


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return check(Project(REPO))


def test_counts_are_pinned(catalog: Catalog) -> None:
    assert len(catalog.prisoners) == 227
    assert len(catalog.cases) == 30
    assert len(catalog.articles) == 23
    assert len(catalog.sources) == 573


def test_every_biography_and_case_text_is_60_to_300_words(catalog: Catalog) -> None:
    for record in (*catalog.prisoners.values(), *catalog.cases.values()):
        words = len(record.body.split())
        assert 60 <= words <= 300, f"{record.path}: {words} words"


def test_every_event_cites_a_source(catalog: Catalog) -> None:
    for record in (*catalog.prisoners.values(), *catalog.cases.values()):
        for event in record.events:
            assert event.sources, f"{record.path}: {event.date} {event.type}"


def test_every_source_is_cited(catalog: Catalog) -> None:
    for source_id, citing in catalog.citations.items():
        assert citing, source_id


def test_name_spellings_from_the_reports_are_kept(catalog: Catalog) -> None:
    variants = {slug: p.name_variants for slug, p in catalog.prisoners.items()}
    assert "Alnur Ulyashev" in variants["alnur-ilashev"]
    assert "Murat Shormanova" in variants["murat-sormanov"]
    assert "Sanavar Zakirov" in variants["sanavar-zakirova"]
    assert "Жанболат Мамай" in variants["zhanbolat-mamai"]
    assert "Жанбол Рахматулла" in variants["zhanbol-rakhmetulla"]


def test_every_source_has_a_url_or_says_why_not(catalog: Catalog) -> None:
    for source_id, source in catalog.sources.items():
        assert source.url or "not found" in source.note.lower(), (
            f"{source_id}: give the original's url, or say in note that it was not found"
        )


# People whose pronouns (or "four women", "both men") the reports give. Everyone else is written
# about without pronouns and has no gender (issue 23).
GENDER_FROM_THE_REPORTS = {
    "female": (
        "rufiya-mustafina",  # «журналистка из Петропавловска» (CABAR.asia), «журналист қызға» (Sputnik)
        "aliya-abukhairova", "dinara-mukatova", "galina-arzamasova", "gulzipa-dzaukerova",
        "inga-imanbai", "karlygash-asanova", "oksana-shevchuk", "sanavar-zakirova",
        "zhasira-demeuova",
        "aizhan-akisheva",  # «Айжан Акишевой» (Tirek, July 2022, year inferred)
        "guldaria-sherizat",  # "her husband", "she called for freedom" (Forum 18), "her punishment" (The Diplomat)
        "nazigul-maksutkhan",  # "Ms Nazigul Maksutkhan ... seven months pregnant" (Observatory)
        "makhabbat-kusainova",  # «оштрафована ... активистка Махаббат Кусаинова» (Fergana)
        "aleksandra-nazarenko",  # «53-летняя Александра Назаренко» (Radio Azattyq), «семья Александры Назаренко ... у нее родился еще один внук» (Vlast)
        # c37m: «соосновательницу», «её» (Radio Azattyq, Azattyk Asia)
        "gulzada-serzhan", "zhanar-sekerbayeva",
        "ainagul-tubetova",  # «поделилась», «ее оштрафовали» (Radio Azattyq, July 2021)
        "larisa-kharkova",  # "her" (ITUC, Labour Central Asia)
        "aigerim-tleuzhanova",  # «Журналистку и активистку», "her lawyer" (Radio Azattyq, RFE/RL)
        "diana-baimagambetova",  # feminine forms (Radio Azattyq's Russian site)
        "nazira-lesova", "nazira-lepesova",  # "two women" (RFE/RL), feminine forms (Mediazona)
        "lyazzat-dosmambetova",  # "активистка", "её мать" (Tirek, Radio Azattyq)
        # issue 36 (c36b): «активистку», "mother of two"
        "gulmira-khalykova", "nurgul-kaluova", "danaya-kalieva",
        # issue 36 (c36d): «гражданской активистки» (Amnesty International's Russian site)
        "ardak-ashim",
        "akmaral-tobylova",  # "pregnant woman" (The Times of Central Asia)
        "natalia-ulasik",  # «гражданской активистке», «её дочь» (Radio Azattyq)
        "sandughash-qantarbaeva",  # "her administrative arrest that she says" (RFE/RL, republished)
        "raisa-khudaibergenova", "ziuar-mirmanbetova",  # "at her workplace", "at her home" (HRW)
        "tleubike-yuldasheva",  # «пятую по счёту активистку» (Orda.kz)
        "asya-tulesova",  # issue 36 (c36e): "her" (Human Rights Watch, RFE/RL)
        "elena-semenova",  # «правозащитница» (Mediazona), "her" (RFE/RL)
        "bibigul-imangalieva",  # «Задержанную ... Имангалиеву», «активистка» (Radio Azattyq)
        "aigul-utepova",  # "her", "she" (CPJ, Amnesty International)
        "gulnara-bazhkenova",  # «Ей грозит», «она строго предупреждена» (TASS)
        "bakhytzhan-toregozhina",  # «правозащитница», "She was fined" (Vlast.kz, Orda.kz)
        "jamilya-maricheva",  # «журналистку Джамилю Маричеву», "her post" (Radio Azattyq, Caspian Post)
        "asem-zhapisheva",  # «гражданская активистка ... была арестована» (bes.media)
        "akmaral-dzhakibaeva",  # «Активистку ... задержали» (field-voice.com)
        "vlada-yermolcheva",  # «одиночный пикет девушки» (youth.kz)
        "zhanel-shakhan",  # «суд арестовал активистку Жанель Шахан» (RFE/RL via centralasian.org)
        "gulbakyt-otebay",  # «оштрафовал активистку» (Factcheck.kz)
        # «Нургул Жексембиеву, ... Галину Аккузову» (Vlast.kz, 21 August 2025); not
        # zhenis-maksutova («Женис Максутову» there, but a Radio Azattyq copy writes «Жеңіс Мақсұтов»)
        "nurgul-zheksembieva", "galina-akkuzova",
        "alexandra-ushakova",  # «задержала активистку ... Александру Ушакову» (Vlast.kz)
        "aktorgyn-akkenzhebalasy",  # «фем-активистка ... вышла на свободу» (Azattyq Asia)
        # issue 37 (c37c): "her" (Qaharman), feminine forms (bureau.kz)
        "ninagul-dzhumaniyazova", "dametkan-aspandiyarova",
        "marua-eskendirova",  # «активистка», «привлекалась» (Tirek, Radio Azattyq)
        "alia-zhaqypova",  # "her" (RFE/RL), «активистку» (Radio Azattyq)
        "natalya-sadykova",  # "her husband" (RFE/RL, 2 July 2024)
    ),
    "male": (
        "okhasov-o",  # "the court sentenced him to 7 days" (Tirek monitoring, April 2023)
        "aibolat-bukenov", "aidar-syzdykov", "alibek-moldin", "alnur-ilashev", "amangeldy-dzhakhin",
        "anuar-ashiraliev", "galym-ageleuov",
        "asan-dzhakupbekov", "askhat-zheksebaev", "duman-mukhamedkarim", "erlan-baltabay",
        "erzhan-elshibaev", "kaiyrly-omar", "lukpan-akhmedyarov", "marat-turymbetov",
        "marat-zhylanbaev", "mukhtar-tayzhan", "nurzhan-altayev", "nurzhan-mukhammedov",
        "rysbek-sarsenbayuly", "zhanat-nurkishev", "zhanbolat-mamai",
        # "Messrs. Bokayev and Ayan" (the Observatory), "he" (Human Rights Watch)
        "maks-bokayev", "talgat-ayan",
        # "the two men" (ITUC)
        "nurbek-kushakbayev", "amin-eleusinov",
        # masculine forms (Amnesty International's Russian site)
        "zhanat-esentaev",
        "seitkazy-matayev",  # "his son" (Reuters)
        "kairat-klyshev",  # masculine forms (bureau.kz)
        "arman-shuraev",  # "In other recent posts he criticised" (Reuters)
        "gennady-krestyansky",  # "he was being punished" (Eurasianet)
        "tulegen-zhukeev",  # «заявил сам Жукеев» (ehonews.kz)
        "zhanmurat-ashtayev",  # "муж Жанмурат" (Tirek), masculine forms (bureau.kz)
        "kairat-sultanbek",  # "жена активиста" (Radio Azattyq)
        # issue 36 (c36b): the reports write of each as a man ("him", «осуждённого», "father")
        "ablovas-dzhumayev", "aset-abishev", "erkin-qaziev", "erkin-sabanshiev",
        "murat-baidauletov", "nurbol-onerkhan", "serik-zhakhin", "aslan-sagutdinov",
        "yerbol-yeskhozhin", "baurzhan-alipkaliev", "muratbek-tungishbayev",
        # "Mr." (the UN communication, srdefenders.org)
        "nurlan-zhauylbayev", "zhanat-kazakbay", "fazylzhan-syzdykov", "nurlan-temirgaliyev",
        "aidar-mubarakov",
        "askar-sembay",  # masculine «активиста Аскара Сембая» (Mediazona)
        "meirkhan-abdumanapov",  # «он собирался выехать» (Radio Azattyq)
        "ruslan-ginatullin",  # "Mr. Ginatullin" (Global Freedom of Expression)
        "igor-chuprina",  # "he posted" (RFE/RL), "his social media posting" (Eurasianet)
        "sanat-dosov",  # "his client" (RFE/RL), «осуждён» (Roskomsvoboda)
        "iskander-yerimbetov",  # "Mr. Yerimbetov" (US senators, quoted by the Open Dialogue Foundation)
        # issue 36 (c36e): «молодого человека» (Vlast), "he" (Amnesty), "his" (RFE/RL)
        "beibarys-tolymbekov", "serikzhan-bilash", "dulat-agadil",
        "nurlybay-tatayev",  # «активиста Нурлыбая Татаева», «он» (bureau.kz)
        "ualikhan-negmetov",  # «задержанному ... гражданскому активисту» (Mediazona)
        "ruslan-nurkanov",  # "Mr. Nurkanov" (KIBHR)
        # «активистов Бауыржана Балташева, Куата Мухамеджанова», «он участвовал» (Radio Azattyq)
        "kuat-mukhamedzhanov", "baurzhan-baltashev",
        # c37o: masculine forms «активиста Каласа Нурпеисова», «Нурлана Далибаева», «Ермухамета
        # Шилибаева», «Жанайдара Карменова» (mgorod.kz), «Шилибаев, не владеющий русским» (Orda.kz)
        "kalas-nurpeisov", "nurlan-dalibayev", "yermukhamet-shilibayev", "zhanaidar-karmenov",
        "amir-kassenov",  # «господин Касенов» (Kommersant)
        "aset-matayev",  # "his father", "he said" (CPJ), "Matayev-младший" (Orda.kz)
        "ruslan-biketov",  # «Журналиста отвезли», «его признали виновным» (Radio Azattyk, Azattyq)
        "sergei-zinchenko",  # «задержала гражданского активиста», «костанайцу» (bes.media, Press.kz)
        "daniyar-adilbekov",  # "He has been accused", "his trial" (Orda.kz, ARTICLE 19)
        "temirlan-yensebek",  # "His laptop", "he" (Orda.kz), «Молодой человек обвиняется» (fbrk.kz)
        # issue 36 (c36c): "Three Kazakh Men" (RFE/RL, 21 December 2018); Abishev's "wife" (Fergana)
        "almat-zhumagulov", "kenzhebek-abishev",
        "serikzhan-mambetalin",  # "the two men" (bne IntelliNews), "Mr." (KIBHR statement)
        "bolatbek-blyalov",  # "he", "his" (Human Rights Watch, Front Line Defenders)
        "ermek-narymbaev",  # "his client", "he" (RFE/RL), "Mr" (Front Line Defenders)
        "daryn-nursapar",  # "he made a video", "his Facebook page" (Adil Soz)
        "nurzhan-baimuldin",  # "he asked", «Баймулдин написал» (IMI, Kloop)
        "makhambet-abzhan",  # "Abzhan denies the accusations, his lawyer told CPJ" (CPJ)
        "qosai-makhanbaev",  # "A Kazakh activist who said he was tortured" (RFE/RL)
        # issue 37 (c37c): masculine forms (bureau.kz)
        "yermek-koziyev", "marat-kurbanov", "bakdaulet-alibekov", "bolat-smagulov",
        "askar-nurmaganov",  # «Он заявил», «активист» (Radio Azattyq, Tirek)
        "berik-nogaev",  # «Он утверждает», «актюбинского активиста» (Radio Azattyq)
        "askar-kalasov",  # "the convicted man" (RFE/RL)
        "askar-kayirbek",  # "found him guilty" (RFE/RL)
        "amangeldy-orazbaev",  # «привлекался», «не сделал» (Radio Azattyq)
        "sabit-syzdyqbek",  # "the sentence he was handed" (RFE/RL)
        "baghdat-baktybayev",  # «её муж», «его задержали» (Qazweek.kz)
        "kanat-dzhakupov",  # «подзащитного Джакупова», «Джакупов пишет» (Kant.kg)
        "roman-zakharov",  # "his client" (TCA), «был арестован активист» (TV Rain)
        "aibek-sabitov",  # "he participated", "was held administratively liable" (Tirek, February 2022)
        # "The two men" (The Diplomat); «48-летний этнический каракалпак» (Radio Ozodlik)
        "koshkarbai-toremuratov", "zhangeldy-zhaksymbetov",
        "asanali-suyubayev",  # "after he allegedly tore down a poster" (RFE/RL, chk-c37cb)
        "aqylbek-muratbai",  # "he frequently criticized" (Orda.kz), "his detention" (The Diplomat)
        "darkhan-sharipov",  # «Дархана судили» (youth.kz): the name declined as a man's
        "aisultan-kudaibergen",  # «Айсултана Кудайбергена»: the surname declined as a man's (RFE/RL via centralasian.org)
        "timur-danebayev",  # "he described his trial", "his brother" (Orda.kz, c37k)
        "almaz-mataev",  # «Матаеву Алмазу» (Tirek, July 2022, year inferred)
        "beyimbet-moldagali",  # "his editor", "he was released" (Adil Soz, 1 May 2023)
        "roman-reikhert",  # "went out to the shop with his 3 year old son" (Qaharman)
        "akhmet-sarsengaliev",  # «по его словам, был задержан» (Radio Azattyq, July 2021)
        "erulan-amirov",  # "violence against him" (ACCA), «гражданского активиста» (Tirek)
        # «Азата Толеухана и Ерболата Аубакирова» (Vlast.kz, 21 August 2025)
        "azat-toleukhan", "yerbolat-aubakirov",
        "ardzh-tursynkan",  # "He works with ... AlmaTQ" (Front Line Defenders), «Он был оштрафован» (Vlast.kz)
        "bekzat-maksutkhan",  # «Его забрали из дома», «его сестра» (Vlast.kz)
        "abzal-dostiyarov",  # «Гражданского активиста ... Абзала Достиярова», «Он заявил» (Radio Azattyq)
        "orynbai-oqasov",  # "his lawyer" (RFE/RL), «46-летнего Орынбая Охасова» (Tirek, Ulysmedia)
        "maksut-appasov",  # «гражданский активист Максут Аппасов», «Он был задержан» (Tirek, March 2021)
        "medet-eseneev",  # «Житель города Костанай активист Медет Есенеев ... был приговорен» (Tirek, March 2021)
        "qanat-zhaqypov",  # "Zhaqypov told the court ... he was one of the organizers" (RFE/RL, February 2021)
        "serik-ydyryshev",  # "her husband's arrest" (RFE/RL via kazakhstannewsgazette), "the activist ... He intends" (bureau.kz)
        "raul-uporov",  # «Уральский журналист Рауль Упоров высказал», "his complaint" (bureau.kz; The Diplomat)
        "aidos-sadykov",  # "his wife", "he was shot" (RSF; Ukrainska Pravda)
        "askhat-niyazov",  # «переехал в Астану из Омска», «стал популярным журналистом» (Vlast.kz)
        "berik-zhagiparov",  # «признали виновным», «он стал задавать вопросы» (Radio Azattyq, September 2024)
        "yevgeny-khabarov",  # «подал 11 уведомлений», «рассказал Хабаров» (Vlast.kz, 26 November 2025)
        "daniyar-tursynbayev",  # "his wife and infant daughter" (Forum 18, November 2025)
        "nurtas-adambay",  # «почему актёра наказали» (Esquire Kazakhstan), "his podcast" (CABAR)
        "sardor-abdullayev",  # "fined him 6 weeks' average wages" (Forum 18, November 2024)
        "nikolai-katchiev",  # «46-летний Николай Катчиев» (Radio Azattyq), "his 13-year-old son" (Eurasianet)
        "jenis-orynaliev",  # «Меня одного задержали» (Informburo.kz)
    ),
}  # fmt: skip


def test_gender_is_set_where_the_reports_give_it(catalog: Catalog) -> None:
    for gender, slugs in GENDER_FROM_THE_REPORTS.items():
        for slug in slugs:
            assert catalog.prisoners[slug].gender == gender, slug
    known = {slug for slugs in GENDER_FROM_THE_REPORTS.values() for slug in slugs}
    for slug, person in catalog.prisoners.items():
        if slug not in known:
            assert not person.gender, f"{slug}: no report cited gives a gender"


NAMED_IN_ISSUE_23 = {
    "marat-turymbetov": ("nur-otan-defamation-suit-2019", "post-election-arrests-2023"),
    "rysbek-sarsenbayuly": ("post-election-arrests-2023",),
    "galina-arzamasova": (),
    "inga-imanbai": ("democratic-party-congress-2020",),
    "galym-ageleuov": ("democratic-party-congress-2020",),
}


def test_the_people_the_reports_name_as_targeted_have_records(catalog: Catalog) -> None:
    for slug, cases in NAMED_IN_ISSUE_23.items():
        person = catalog.prisoners[slug]
        assert person.events and all(event.sources for event in person.events), slug
        for case in cases:
            assert case in catalog.cases_of_prisoner[slug], (slug, case)
            assert slug in catalog.people_of_case[case], (slug, case)


def test_cyrillic_spellings_cite_a_kazakh_or_russian_report(catalog: Catalog) -> None:
    for slug, person in catalog.prisoners.items():
        if any("\u0400" <= ch <= "\u04ff" for variant in person.name_variants for ch in variant):
            languages = {catalog.sources[s].language for s in person.sources}
            assert languages & {"kk", "ru"}, slug
