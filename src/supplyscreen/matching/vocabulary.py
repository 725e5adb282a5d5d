"""Word lists the normaliser and scorer rely on: legal forms, abbreviations, generic and place words.

Kept as data, apart from the code, so a reviewer can read and extend them. Every list is in the
normalised form (lower case, ASCII after transliteration) unless it is a CJK list.
"""

from __future__ import annotations

# Legal forms are removed before comparison: "Huawei Technologies Co., Ltd." and "HUAWEI TECH CO LTD"
# are the same company. Multi-word forms are matched as token sequences, longest first.
LEGAL_FORMS: tuple[str, ...] = (
    # English
    "co ltd", "co limited", "company limited", "pte ltd", "pty ltd", "pvt ltd", "private limited",
    "public limited company", "limited liability company", "limited partnership", "l l c",
    "co", "company", "corp", "corporation", "inc", "incorporated", "ltd", "limited", "llc", "llp",
    "plc", "lp", "pte", "pty", "pvt", "holdings ltd", "the",
    # German, Dutch, Nordic
    "gmbh", "ag", "kg", "gmbh co kg", "ohg", "ug", "ev", "bv", "nv", "vof", "ab", "as", "asa", "oy", "oyj",
    "aps", "hf",
    # French, Spanish, Portuguese, Italian
    "sa", "sas", "sarl", "sasu", "eurl", "snc", "sl", "slu", "sau", "s a", "s l", "s a u", "srl", "s r l",
    "sa de cv", "s a de c v", "de cv", "ltda", "eireli", "spa", "s p a", "sapi de cv",
    # Russian and CIS (after transliteration: АО, ООО, ЗАО, ПАО, ОАО)
    "ao", "ooo", "zao", "pao", "oao", "jsc", "cjsc", "ojsc", "pjsc", "tov", "fze", "fzco", "fzc", "fz llc",
    # Central and Eastern Europe, Turkey (Kft., Sp. z o.o., s.r.o., a.s., A.Ş., d.o.o., S.R.L.)
    # (short forms that are also names, such as BT, AD or SIA, are left out: legal forms are removed
    # wherever they stand)
    "kft", "zrt", "nyrt", "sp z o o", "sp zoo", "spolka z o o", "spółka z o o", "sro", "s r o",
    "a s", "a ş", "aş", "ltd şti", "ltd sti", "d o o", "eood",
    # Asia
    "kk", "k k", "gk", "yk", "bhd", "sdn bhd", "tbk", "pt", "jsc", "co ltd", "corp ltd",
    # Transliterated Russian long forms
    "aktsionernoe obshchestvo", "obshchestvo s ogranichennoi otvetstvennostyu",
    "zakrytoe aktsionernoe obshchestvo", "otkrytoe aktsionernoe obshchestvo",
    "publichnoe aktsionernoe obshchestvo", "joint stock company", "closed joint stock company",
)

# Chinese and Japanese legal forms, removed also when written attached to the name (华为技术有限公司).
CJK_LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "有限責任公司", "有限公司", "股份公司", "集团公司", "集團公司",
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "公司", "(株)", "㈱", "（株）",
    "주식회사", "유한회사", "(주)", "㈜",
)

# Abbreviations written in lists and spreadsheets, mapped to one spelling.
ABBREVIATIONS: dict[str, str] = {
    "tech": "technology", "techs": "technology", "technologies": "technology", "technol": "technology",
    "intl": "international", "int'l": "international", "comm": "communication", "comms": "communication",
    "communications": "communication", "telecommunication": "telecom", "telecommunications": "telecom",
    "telecoms": "telecom", "telekom": "telecom", "elec": "electronic", "electronics": "electronic",
    "sys": "system", "systems": "system", "mfg": "manufacturing", "grp": "group", "hldg": "holding",
    "hldgs": "holding", "holdings": "holding", "svc": "service", "svcs": "service", "services": "service",
    "equip": "equipment", "ind": "industry", "industries": "industry", "natl": "national",
    "networks": "network", "devices": "device", "solutions": "solution", "products": "product",
    "labs": "lab", "laboratory": "lab", "laboratories": "lab", "sci": "science", "eng": "engineering",
    "dev": "development", "info": "information", "digi": "digital", "semi": "semiconductor",
    "semiconductors": "semiconductor", "instruments": "instrument", "machines": "machine",
    "materials": "material", "resources": "resource", "tools": "tool", "operations": "operation",
    "partners": "partner", "associates": "associate", "ventures": "venture", "investments": "investment",
    "enterprises": "enterprise", "communication's": "communication", "systemes": "system", "intl.": "international", "usa": "us", "u s": "us", "u s a": "us",
    "america": "us", "americas": "americas", "&": "and", "laboratoriya": "lab",
    "laboratorii": "lab", "labaratoriya": "lab",
}

# Words that describe what a company does rather than who it is. They count a little when they
# agree (Dahua Technology vs Dahua Electronics) and never make a match on their own.
GENERIC: frozenset[str] = frozenset(
    """technology digital communication telecom network electronic system equipment software solution
    service international group holding industry manufacturing product information intelligent science
    engineering trading trade import export enterprise development device cloud data security smart
    vision video optical optoelectronic semiconductor research lab computer computing internet online
    mobile media power energy electric electrical instrument instruments machinery precision global
    investment capital resource resources supply logistics management consulting operation operations
    terminal innovation innovative new general first united national union central and of for
    integrated application applied high advanced micro photonics wireless radio satellite
    broadband marine material materials chemical aviation aerospace automation automotive control
    business commercial industrial associate associates partner partners branch office factory
    institute center centre university academy bureau department ministry administration
    ecommerce e commerce shipping transport import-export machine machines tools tool sales
    distribution distributor agency venture ventures
    sucursal filiale niederlassung zweigniederlassung representative subsidiary
    tecnologia tecnologias technologie teknoloji tekhnologii tekhnologiya
    tekhkompaniya teknolodzhiz tekhnolodzhiz telecomunicaciones telecomunicacoes telekommunikation
    """.split()
)

# Places. They tell entities of one group apart (Huawei Cloud Argentina vs Huawei Cloud Brazil) but
# say little about identity, so they weigh less than a distinctive word.
PLACES: frozenset[str] = frozenset(
    """china chinese prc us usa american americas hong kong hk macau macao taiwan japan japanese korea
    india indian uk british england london europe european eu asia asian pacific africa african
    germany german deutschland france french spain spanish italy italia netherlands holland belgium
    switzerland swiss austria sweden norway denmark finland poland russia russian moscow ukraine
    turkey iran iranian iraq syria uae dubai emirates saudi arabia qatar israel egypt pakistan
    bangladesh singapore malaysia thailand vietnam indonesia philippines australia zealand canada
    mexico brazil argentina chile peru colombia venezuela bolivia ecuador south north east west
    beijing shanghai shenzhen guangzhou hangzhou zhejiang jiangsu suzhou wuhan hubei chengdu sichuan
    dongguan guangdong xian tianjin chongqing nanjing xiamen fujian dalian shandong qingdao hefei
    anhui xinjiang urumqi tibet harbin changsha hunan zhengzhou henan jinan kunming guiyang
    wulanchabu inner mongolia hainan ningbo wuxi foshan zhuhai nanning guangxi jiangxi liaoning
    shenyang jilin changchun shaanxi shanxi gansu lanzhou yunnan guizhou hebei tokyo osaka
    minsk belarus kazakhstan uzbekistan armenia georgia azerbaijan kyrgyzstan tajikistan
    americas latin caribbean nigeria kenya ghana morocco algeria tunisia ethiopia tanzania
    zambia zimbabwe angola mozambique uganda sri lanka nepal myanmar cambodia laos mongolia
    kuwait oman bahrain jordan lebanon yemen libya sudan cuba panama costa rica guatemala
    honduras salvador nicaragua dominican paraguay uruguay portugal greece romania hungary
    czech slovakia bulgaria serbia croatia slovenia ireland scotland wales luxembourg
    lithuania latvia estonia cyprus malta iceland hongkong
    españa espana brasil polska nederland türkiye turkiye magyarorszag česko cesko ceska slovensko
    österreich osterreich schweiz suisse svizzera sverige norge danmark suomi россия belgique belgie
    méxico mexique perú nippon rossiya
    """.split()
)

# Small words that carry no identity.
STOPWORDS: frozenset[str] = frozenset(
    "and of the de la le du der die das und y e et da do dos des von van fka aka dba formerly nka en em".split()
)

# Han words mapped to English so 华为技术 and "Huawei Technologies" meet, and so generic and place
# words inside an unspaced Chinese name are recognised as such. Longest match first.
HAN_WORDS: dict[str, str] = {
    # generic
    "技术": "technology", "技術": "technology", "科技": "technology", "通讯": "communication",
    "通訊": "communication", "通信": "communication", "数字": "digital", "數字": "digital",
    "电子": "electronic", "電子": "electronic", "网络": "network", "網絡": "network", "網路": "network",
    "设备": "equipment", "設備": "equipment", "软件": "software", "軟件": "software", "軟體": "software",
    "信息": "information", "資訊": "information", "系统": "system", "系統": "system", "智能": "intelligent",
    "集团": "group", "集團": "group", "控股": "holding", "国际": "international", "國際": "international",
    "终端": "device", "終端": "device", "半导体": "semiconductor", "半導體": "semiconductor",
    "投资": "investment", "投資": "investment", "云计算": "cloud computing", "雲計算": "cloud computing",
    "实验室": "lab", "實驗室": "lab", "研究所": "institute", "工业": "industry", "工業": "industry",
    "贸易": "trading", "貿易": "trading", "视觉": "vision", "視覺": "vision", "光电": "optoelectronic",
    "光電": "optoelectronic", "制造": "manufacturing", "製造": "manufacturing", "微电子": "micro electronic",
    "海洋网络": "marine network", "电气": "electrical", "電氣": "electrical",
    # places
    "中国": "china", "中國": "china", "香港": "hong kong", "深圳": "shenzhen", "杭州": "hangzhou",
    "浙江": "zhejiang", "北京": "beijing", "上海": "shanghai", "东莞": "dongguan", "東莞": "dongguan",
    "广州": "guangzhou", "廣州": "guangzhou", "苏州": "suzhou", "蘇州": "suzhou", "武汉": "wuhan",
    "武漢": "wuhan", "成都": "chengdu", "南京": "nanjing", "天津": "tianjin", "西安": "xian",
    "美国": "us", "美國": "us", "日本": "japan", "台湾": "taiwan", "台灣": "taiwan", "澳门": "macau",
}

# Japanese words in katakana or kanji with the same role.
JA_WORDS: dict[str, str] = {
    "テクノロジーズ": "technology", "テクノロジー": "technology", "ジャパン": "japan", "日本": "japan",
    "コミュニケーションズ": "communication", "ネットワークス": "network", "ネットワーク": "network",
    "システムズ": "system", "システム": "system", "デバイス": "device", "エレクトロニクス": "electronic",
    "ソリューションズ": "solution", "インターナショナル": "international", "グループ": "group",
}
