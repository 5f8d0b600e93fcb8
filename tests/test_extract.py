"""Case tables: real-looking text in, expected metrics out.

Buckets, in the manner of price-parser:
- NEW: one row per feature the extractor promises (kinds, numerals, units, qualifiers, ranges);
- BUGS_CAUGHT: every bug found and fixed gets a row here, so it stays fixed;
- NO_METRIC: text that must yield nothing (years, dates, codes, ordinals, words with numerals);
- XFAIL: known misses, run with strict=True so that a fix turns the run red until it moves.

A row's expectation is a list of (kind, text, value, unit, qualifier); a range is written
as value "low..high". Values are compared as Decimals taken from strings, never floats.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from esgcli import extract

Row = tuple[str, list[tuple[str, str, str | None, str | None, str | None]]]

NEW: list[Row] = [
    # money: Arabic, separators, magnitudes, currencies
    ("累计投入33亿元用于科技研发", [("amount", "33亿元", "3300000000", "CNY", None)]),
    ("营收1,234.5万元", [("amount", "1,234.5万元", "12345000", "CNY", None)]),
    ("较上年增长16.4亿元", [("amount", "16.4亿元", "1640000000", "CNY", None)]),
    ("绿色贷款余额1.5万亿元", [("amount", "1.5万亿元", "1500000000000", "CNY", None)]),
    ("总额47.264287亿元", [("amount", "47.264287亿元", "4726428700", "CNY", None)]),
    ("募资2亿美元", [("amount", "2亿美元", "200000000", "USD", None)]),
    ("投资12亿港元", [("amount", "12亿港元", "1200000000", "HKD", None)]),
    ("派息0.35港币", [("amount", "0.35港币", "0.35", "HKD", None)]),
    ("融资5000万欧元", [("amount", "5000万欧元", "50000000", "EUR", None)]),
    ("收购8亿日元资产", [("amount", "8亿日元", "800000000", "JPY", None)]),
    ("出资3000万英镑", [("amount", "3000万英镑", "30000000", "GBP", None)]),
    ("发行US$500 million票据", [("amount", "US$500 million", "500000000", "USD", None)]),
    ("HK$3.5亿的项目", [("amount", "HK$3.5亿", "350000000", "HKD", None)]),
    ("总额33亿元人民币", [("amount", "33亿元人民币", "3300000000", "CNY", None)]),
    ("人民币 1,000 万元", [("amount", "人民币 1,000 万元", "10000000", "CNY", None)]),
    ("RMB 1,000万", [("amount", "RMB 1,000万", "10000000", "CNY", None)]),
    ("花了300块钱", [("amount", "300块钱", "300", "CNY", None)]),
    ("发行5,000 亿美元", [("amount", "5,000 亿美元", "500000000000", "USD", None)]),
    ("亏损-8507.59万元", [("amount", "-8507.59万元", "-85075900", "CNY", None)]),
    # Chinese numerals
    ("投入三十三亿元", [("amount", "三十三亿元", "3300000000", "CNY", None)]),
    ("一千零五十名员工", [("count", "一千零五十名", "1050", "名", None)]),
    ("两千万元", [("amount", "两千万元", "20000000", "CNY", None)]),
    ("一千四百件专利", [("count", "一千四百件", "1400", "件", None)]),
    ("共一点八亿元", [("amount", "一点八亿元", "180000000", "CNY", None)]),
    ("3千万元", [("amount", "3千万元", "30000000", "CNY", None)]),
    ("7万5千4百元", [("amount", "7万5千4百元", "75400", "CNY", None)]),
    ("一百零一万一千元", [("amount", "一百零一万一千元", "1011000", "CNY", None)]),
    ("十万零一千元", [("amount", "十万零一千元", "101000", "CNY", None)]),
    ("壹佰万元", [("amount", "壹佰万元", "1000000", "CNY", None)]),
    ("叁仟伍佰元整", [("amount", "叁仟伍佰元", "3500", "CNY", None)]),
    ("捐赠一万二千元", [("amount", "一万二千元", "12000", "CNY", None)]),
    ("一万五千亿元", [("amount", "一万五千亿元", "1500000000000", "CNY", None)]),
    ("二十万亿元", [("amount", "二十万亿元", "20000000000000", "CNY", None)]),
    ("13万2千元", [("amount", "13万2千元", "132000", "CNY", None)]),
    ("3万4000元", [("amount", "3万4000元", "34000", "CNY", None)]),
    ("1万600元", [("amount", "1万600元", "10600", "CNY", None)]),
    # full-width and traditional script
    ("同比增长１２％", [("percentage", "１２％", "12", "%", None)]),
    ("达到５，０００万元", [("amount", "５，０００万元", "50000000", "CNY", None)]),
    ("營業額128.4億港元", [("amount", "128.4億港元", "12840000000", "HKD", None)]),
    ("減少三萬二千公斤", [("quantity", "三萬二千公斤", "32000", "kg", None)]),
    ("下降百分之五點二", [("percentage", "百分之五點二", "5.2", "%", None)]),
    ("兩千三百名員工", [("count", "兩千三百名", "2300", "名", None)]),
    # percentages
    ("成本下降15%", [("percentage", "15%", "15", "%", None)]),
    ("占比-3.2%", [("percentage", "-3.2%", "-3.2", "%", None)]),
    ("负增长5%", [("percentage", "5%", "-5", "%", None)]),
    ("增幅负3.9%", [("percentage", "负3.9%", "-3.9", "%", None)]),
    ("下降17%", [("percentage", "17%", "17", "%", None)]),
    ("百分之十五", [("percentage", "百分之十五", "15", "%", None)]),
    ("占百分之二十", [("percentage", "百分之二十", "20", "%", None)]),
    ("百分之零点五", [("percentage", "百分之零点五", "0.5", "%", None)]),
    ("市场份额约三成", [("percentage", "三成", "30", "%", "approx")]),
    ("二成九的客户", [("percentage", "二成九", "29", "%", None)]),
    ("不良率千分之2.4", [("percentage", "千分之2.4", "2.4", "‰", None)]),
    ("能耗下降5‰", [("percentage", "5‰", "5", "‰", None)]),
    ("万分之三的费率", [("percentage", "万分之三", "0.03", "%", None)]),
    ("提高0.6个百分点", [("percentage", "0.6个百分点", "0.6", "pp", None)]),
    ("下降25个基点", [("percentage", "25个基点", "25", "bp", None)]),
    ("全场九折", [("percentage", "九折", "90", "%", None)]),
    # physical quantities
    ("累计减碳194万吨", [("quantity", "194万吨", "1940000", "t", None)]),
    ("消耗12.5万千克", [("quantity", "12.5万千克", "125000", "kg", None)]),
    ("采购20万公斤", [("quantity", "20万公斤", "200000", "kg", None)]),
    ("用电1.2亿千瓦时", [("quantity", "1.2亿千瓦时", "120000000", "kWh", None)]),
    ("全年用电300万度", [("quantity", "300万度", "3000000", "kWh", None)]),
    ("发电量500兆瓦时", [("quantity", "500兆瓦时", "500", "MWh", None)]),
    ("装机容量200千瓦", [("quantity", "200千瓦", "200", "kW", None)]),
    ("用水10万立方米", [("quantity", "10万立方米", "100000", "m3", None)]),
    ("回用中水5万方", [("quantity", "5万方", "50000", "m3", None)]),
    ("建筑面积2万平方米", [("quantity", "2万平方米", "20000", "m2", None)]),
    ("新建管网1000公里", [("quantity", "1000公里", "1000", "km", None)]),
    ("种植300亩", [("quantity", "300亩", "300", "mu", None)]),
    ("造林20公顷", [("quantity", "20公顷", "20", "ha", None)]),
    ("节约5000吨标准煤", [("quantity", "5000吨标准煤", "5000", "tce", None)]),
    ("减排1.2万吨二氧化碳当量", [("quantity", "1.2万吨二氧化碳当量", "12000", "tCO2e", None)]),
    ("范围一排放62,450 tCO2e", [("quantity", "62,450 tCO2e", "62450", "tCO2e", None)]),
    ("节电1,200 万千瓦时", [("quantity", "1,200 万千瓦时", "12000000", "kWh", None)]),
    ("强度0.52吨/万元", [("quantity", "0.52吨/万元", "0.52", "t/万元", None)]),
    ("一吨半", [("quantity", "一吨半", "1.5", "t", None)]),
    ("12千米", [("quantity", "12千米", "12", "km", None)]),
    # intensities and concentrations as pollutant and energy tables write them
    (
        "单位产品碳排放0.85kgCO2e/吨产品",
        [("quantity", "0.85kgCO2e/吨产品", "0.85", "kgCO2e/吨产品", None)],
    ),
    (
        "每吨熟料排放12.5千克二氧化碳当量",
        [("quantity", "12.5千克二氧化碳当量", "12.5", "kgCO2e", None)],
    ),
    ("供电煤耗298克标准煤/千瓦时", [("quantity", "298克标准煤/千瓦时", "298", "gce/kWh", None)]),
    ("吨钢综合能耗560千克标准煤", [("quantity", "560千克标准煤", "560", "kgce", None)]),
    ("COD排放浓度35mg/L", [("quantity", "35mg/L", "35", "mg/L", None)]),
    ("氮氧化物排放浓度45mg/Nm³", [("quantity", "45mg/Nm³", "45", "mg/Nm3", None)]),
    ("天然气用量1.2万标准立方米", [("quantity", "1.2万标准立方米", "12000", "Nm3", None)]),
    ("cut 5,000 tonnes of CO2", [("quantity", "5,000 tonnes", "5000", "t", None)]),
    ("avoided 1.2 million tonnes", [("quantity", "1.2 million tonnes", "1200000", "t", None)]),
    # durations that measure something
    ("到目前运行两个多月时间", [("quantity", "两个多月", "2", "month", "over")]),
    ("贷款期限3至5年", [("quantity", "3至5年", "3..5", "year", None)]),
    ("人均培训32小时", [("quantity", "32小时", "32", "h", None)]),
    ("工期18个月", [("quantity", "18个月", "18", "month", None)]),
    ("一个半小时", [("quantity", "一个半小时", "1.5", "h", None)]),
    # counts
    ("申请发明专利超1400件", [("count", "1400件", "1400", "件", "over")]),
    ("完成12项", [("count", "12项", "12", "项", None)]),
    ("服务2万人次", [("count", "2万人次", "20000", "人次", None)]),
    ("覆盖5000家", [("count", "5000家", "5000", "家", None)]),
    ("农户2万户", [("count", "2万户", "20000", "户", None)]),
    ("发放贷款300笔", [("count", "300笔", "300", "笔", None)]),
    ("捐建学校3所", [("count", "3所", "3", "所", None)]),
    ("建成基站2000座", [("count", "2000座", "2000", "座", None)]),
    ("采购设备30台", [("count", "30台", "30", "台", None)]),
    ("新能源车500辆", [("count", "500辆", "500", "辆", None)]),
    ("为超1.8亿用户建立碳账户", [("count", "1.8亿用户", "180000000", "用户", "over")]),
    ("服务客户3000万客户", [("count", "3000万客户", "30000000", "客户", None)]),
    ("三个层面", [("count", "三个", "3", "个", None)]),
    # qualifiers
    ("约10万吨", [("quantity", "10万吨", "100000", "t", "approx")]),
    ("大约50万人", [("count", "50万人", "500000", "人", "approx")]),
    ("近200亿元", [("amount", "200亿元", "20000000000", "CNY", "approx")]),
    ("将近30%", [("percentage", "30%", "30", "%", "approx")]),
    ("成本下降15%左右", [("percentage", "15%左右", "15", "%", "approx")]),
    ("波动5%上下", [("percentage", "5%上下", "5", "%", "approx")]),
    ("农户增收20%以上", [("percentage", "20%以上", "20", "%", "over")]),
    ("控制在10%以下", [("percentage", "10%以下", "10", "%", "under")]),
    ("超过100家", [("count", "100家", "100", "家", "over")]),
    ("逾30亿元", [("amount", "30亿元", "3000000000", "CNY", "over")]),
    ("突破1000万户", [("count", "1000万户", "10000000", "户", "over")]),
    ("20多家机构", [("count", "20多家", "20", "家", "over")]),
    ("3000余件", [("count", "3000余件", "3000", "件", "over")]),
    ("一千多万元", [("amount", "一千多万元", "10000000", "CNY", "over")]),
    ("500多亿元", [("amount", "500多亿元", "50000000000", "CNY", "over")]),
    ("十余万人", [("count", "十余万人", "100000", "人", "over")]),
    ("不到10%", [("percentage", "10%", "10", "%", "under")]),
    ("不足5万元", [("amount", "5万元", "50000", "CNY", "under")]),
    ("低于5%", [("percentage", "5%", "5", "%", "under")]),
    ("不超过3年", [("quantity", "3年", "3", "year", "under")]),
    ("数百名嫌疑人员", [("count", "数百名", None, "名", "vague")]),
    ("几十家企业", [("count", "几十家", None, "家", "vague")]),
    ("上千户农户", [("count", "上千户", None, "户", "vague")]),
    ("数十万元", [("amount", "数十万元", None, "CNY", "vague")]),
    ("十几万人", [("count", "十几万人", "100000", "人", "over")]),  # the written part is the floor
    # ranges sharing a unit
    (
        "建设成本大致在200万元~500万元",
        [("amount", "200万元~500万元", "2000000..5000000", "CNY", "approx")],
    ),
    ("200-500万元", [("amount", "200-500万元", "2000000..5000000", "CNY", None)]),
    ("200至500万元", [("amount", "200至500万元", "2000000..5000000", "CNY", None)]),
    ("15%至20%", [("percentage", "15%至20%", "15..20", "%", None)]),
    ("15-20%", [("percentage", "15-20%", "15..20", "%", None)]),
    ("3-5年", [("quantity", "3-5年", "3..5", "year", None)]),
    ("1.5万至2万吨", [("quantity", "1.5万至2万吨", "15000..20000", "t", None)]),
    ("两三个月", [("quantity", "两三个月", "2..3", "month", "vague")]),
    # several in one sentence
    (
        "2023年营收50亿元，同比增长15%，员工3000名。",
        [
            ("amount", "50亿元", "5000000000", "CNY", None),
            ("percentage", "15%", "15", "%", None),
            ("count", "3000名", "3000", "名", None),
        ],
    ),
    (
        "分别为9.6万亿元和8.44万亿元",
        [
            ("amount", "9.6万亿元", "9600000000000", "CNY", None),
            ("amount", "8.44万亿元", "8440000000000", "CNY", None),
        ],
    ),
]

BUGS_CAUGHT: list[Row] = [
    # a physical or time denominator is canonical like the numerator; money and people stay
    ("单位面积能耗25.3千瓦时/平方米", [("quantity", "25.3千瓦时/平方米", "25.3", "kWh/m2", None)]),
    ("能耗强度0.29兆瓦时每平方米", [("quantity", "0.29兆瓦时每平方米", "0.29", "MWh/m2", None)]),
    ("产能5万吨/年", [("quantity", "5万吨/年", "50000", "t/year", None)]),
    ("吨钢耗电0.35千瓦时/吨", [("quantity", "0.35千瓦时/吨", "0.35", "kWh/t", None)]),
    ("人均用电3,200千瓦时/人", [("quantity", "3,200千瓦时/人", "3200", "kWh/人", None)]),
    ("用水强度1.2立方米/万元", [("quantity", "1.2立方米/万元", "1.2", "m3/万元", None)]),
    # 节约 ends in 约 but is "save", not "about"
    ("节约5000吨标准煤", [("quantity", "5000吨标准煤", "5000", "tce", None)]),
    # 纽约 is New York
    ("纽约10万人", [("count", "10万人", "100000", "人", None)]),
    # an English magnitude after a prefix currency with no unit word after it
    ("USD 2 billion", [("amount", "USD 2 billion", "2000000000", "USD", None)]),
    # 3千瓦时 is 3 kWh, not 3000 瓦时; 3万千瓦时 is 30000 kWh
    ("3千瓦时", [("quantity", "3千瓦时", "3", "kWh", None)]),
    ("3万千瓦时", [("quantity", "3万千瓦时", "30000", "kWh", None)]),
    # two liang after a magnitude: 两万两 is 20000 liang, not 20002
    ("两万两", [("quantity", "两万两", "20000", "liang", None)]),
    # float arithmetic would give 1639999999.9999998
    ("16.4亿元", [("amount", "16.4亿元", "1640000000", "CNY", None)]),
    # a currency word straddles the unit: 8亿元人民币 is one amount
    ("8亿元人民币", [("amount", "8亿元人民币", "800000000", "CNY", None)]),
    # a currency that ends one amount is not the prefix of the next number
    ("10日元5个", [("amount", "10日元", "10", "JPY", None), ("count", "5个", "5", "个", None)]),
    # a currency prefix at the very start of the text
    ("HK$3.5亿的项目", [("amount", "HK$3.5亿", "350000000", "HKD", None)]),
    # sub-units after the main unit
    ("两美元又三美分", [("amount", "两美元又三美分", "2.03", "USD", None)]),
    ("手机壳五元三毛", [("amount", "五元三毛", "5.3", "CNY", None)]),
    ("123元1角1分", [("amount", "123元1角1分", "123.11", "CNY", None)]),
    (
        "收费5元3分钟",
        [("amount", "5元", "5", "CNY", None), ("quantity", "3分钟", "3", "min", None)],
    ),
    # 十 then 百 is not one numeral: 百分之七十 followed by 百分位
    ("百分之七十百分位", [("percentage", "百分之七十", "70", "%", None)]),
    # a decimal after a magnitude
    ("百分之一百二十点五", [("percentage", "百分之一百二十点五", "120.5", "%", None)]),
    ("三成半", [("percentage", "三成半", "35", "%", None)]),
    ("港币3,800万元", [("amount", "港币3,800万元", "38000000", "HKD", None)]),
    ("节约标准煤48.3万吨", [("quantity", "48.3万吨", "483000", "tce", None)]),
    ("注册用户超过2.3亿，", [("count", "2.3亿", "230000000", "用户", "over")]),
    ("充电器二百四十個", [("count", "二百四十個", "240", "個", None)]),
    # an English word before a spaced number is not a code prefix
    ("CO2 down 12%", [("percentage", "12%", "12", "%", None)]),
    # numerals, percent words and units spaced out by PDF text extraction
    ("不良率为百 分 之 2.4，", [("percentage", "百 分 之 2.4", "2.4", "%", None)]),
    ("会员日全场陆 点 五 折", [("percentage", "陆 点 五 折", "65", "%", None)]),
    ("市场份额七成 六。", [("percentage", "七成 六", "76", "%", None)]),
    (
        "利率上调一 百 五 十 个 百 分 点",
        [("percentage", "一 百 五 十 个 百 分 点", "150", "pp", None)],
    ),
    ("收益率下降２．４   个百分 点", [("percentage", "２．４   个百分 点", "2.4", "pp", None)]),
    ("毛利率提高四點 五個百分點", [("percentage", "四點 五個百分點", "4.5", "pp", None)]),
    ("占比百分之一 点五", [("percentage", "百分之一 点五", "1.5", "%", None)]),
    ("員工總數三千 八百 九十六 名", [("count", "三千 八百 九十六 名", "3896", "名", None)]),
    ("捐款7萬 5千 4百元", [("amount", "7萬 5千 4百元", "75400", "CNY", None)]),
    ("減排1000  萬 噸", [("quantity", "1000  萬 噸", "10000000", "t", None)]),
    # a tenths digit after a space only where it ends the figure: 三成 一是… is 30 %, then "first"
    ("约三成 一是加强管理", [("percentage", "三成", "30", "%", "approx")]),
    # 佰分之 and 仟分之 are the financial spellings of 百分之 and 千分之
    ("佰分之十二", [("percentage", "佰分之十二", "12", "%", None)]),
    ("仟分之贰", [("percentage", "仟分之贰", "2", "‰", None)]),
    # context words spaced out too: a suffix qualifier, guards, period and ordinal words
    ("员 工 中 约 三 成 以 上", [("percentage", "三 成 以 上", "30", "%", "over")]),
    ("波动15% 左右", [("percentage", "15% 左右", "15", "%", "approx")]),
    # a glued k is a thousand; an unspaced fraction of a magnitude word is a share
    ("涨幅达百分之3.2k", [("percentage", "百分之3.2k", "3200", "%", None)]),
    ("利差扩大12k个百分点", [("percentage", "12k个百分点", "12000", "pp", None)]),
    ("误差率低于百万分之五", [("percentage", "百万分之五", "0.0005", "%", "under")]),
    ("次品率千万分之六", [("percentage", "千万分之六", "0.00006", "%", None)]),
    ("一百分之二的样本", [("percentage", "一百分之二", "2", "%", None)]),
    # percentages written as one word
    ("全部商品打对折", [("percentage", "对折", "50", "%", None)]),
    ("利润增长半成", [("percentage", "半成", "5", "%", None)]),
    ("半折优惠", [("percentage", "半折", "50", "%", None)]),
    # two adjacent digits before a place are "two or three", also after 百分之
    ("百分之二三十的企业", [("percentage", "百分之二三十", "20..30", "%", "vague")]),
    # 兆 is 10^12 before 亿 or money in traditional-script text, mega in 兆瓦
    (
        "總額為四十九兆九千五百九十二億元，",
        [("amount", "四十九兆九千五百九十二億元", "49959200000000", "CNY", None)],
    ),
    ("新台幣3兆元", [("amount", "新台幣3兆元", "3000000000000", "TWD", None)]),
    ("光伏装机5兆瓦", [("quantity", "5兆瓦", "5", "MW", None)]),
    # yen with its sub-unit
    ("10日元5日本銭", [("amount", "10日元5日本銭", "10.05", "JPY", None)]),
    # a shared unit after a list of bare numbers (was a strict xfail)
    (
        "9.6和8.44万亿元",
        [
            ("amount", "9.6", "9600000000000", "CNY", None),
            ("amount", "8.44万亿元", "8440000000000", "CNY", None),
        ],
    ),
    (
        "危废处置量分别为3、5和8万吨",
        [
            ("quantity", "3", "30000", "t", None),
            ("quantity", "5", "50000", "t", None),
            ("quantity", "8万吨", "80000", "t", None),
        ],
    ),
    (
        "女性员工占比42.5和46.1%",
        [
            ("percentage", "42.5", "42.5", "%", None),
            ("percentage", "46.1%", "46.1", "%", None),
        ],
    ),
    # a magnitude word alone after a qualifier is the number (不足百人 was a strict xfail)
    ("不足百人", [("count", "百人", "100", "人", "under")]),
    ("资产规模突破万亿元", [("amount", "万亿元", "1000000000000", "CNY", "over")]),
    ("满足全村近百户的需求", [("count", "百户", "100", "户", "approx")]),
    ("投入近千万人民币", [("amount", "千万人民币", "10000000", "CNY", "approx")]),
    # a mixed number takes the unit after it
    ("工作一又二分之一小时", [("quantity", "一又二分之一小时", "1.5", "h", None)]),
    # scientific notation with a unit
    ("排放1.2e5吨", [("quantity", "1.2e5吨", "120000", "t", None)]),
    # 雙 is the traditional 双
    ("捐贈手套三百雙", [("count", "三百雙", "300", "雙", None)]),
    # 双 counts pairs
    (
        "捐赠口罩36200只、手套2400双",
        [("count", "36200只", "36200", "只", None), ("count", "2400双", "2400", "双", None)],
    ),
    # an infix before a magnitude with no unit after it still scales: 一千多万 is 10^7
    ("二十几万人", [("count", "二十几万人", "200000", "人", "over")]),
    # two or three Chinese digits in a row name things (六一, 三八节, 唯一一家); a discount
    # still reads them as one number
    ("全场九五折", [("percentage", "九五折", "95", "%", None)]),
    ("称取二两", [("quantity", "二两", "2", "liang", None)]),
    ("员工12,345", [("count", "12,345", "12345", "员工", None)]),
    ("惠及当地17万农户", [("count", "17万农户", "170000", "农户", None)]),
    ("千三百元", [("amount", "千三百元", "1300", "CNY", None)]),
    ("在岗2600余职工", [("count", "2600余职工", "2600", "职工", "over")]),
    ("捐款伍元", [("amount", "伍元", "5", "CNY", None)]),
    # 两 only ever counts: 两期 is two issues where 二期 is phase two
    ("成功发行两期绿色金融债券", [("count", "两期", "2", "期", None)]),
    # more days than a month has are days, not a date
    ("因工傷損失工作日數326日", [("quantity", "326日", "326", "day", None)]),
    ("开展六一儿童节慰问，走访困难职工家庭30户", [("count", "30户", "30", "户", None)]),
    # 范围 before one digit names a GHG scope; a longer number after it is still read
    ("覆盖全国范围2624个区县", [("count", "2624个", "2624", "个", None)]),
    # a class grade names the drug, the count follows it; a larger number of classes counts
    ("公司在研1类新药30多个", [("count", "30多个", "30", "个", "over")]),
    ("获批3类医疗器械注册证12个", [("count", "12个", "12", "个", None)]),
    ("培训146类危险设备作业人员", [("count", "146类", "146", "类", None)]),
    ("形成25类私行养老客群", [("count", "25类", "25", "类", None)]),
    # 次 before 会议, 发布会 and 利益 still counts; 二次利用 is reuse
    ("2022年共召开3次会议", [("count", "3次", "3", "次", None)]),
    ("全年举办12次发布会", [("count", "12次", "12", "次", None)]),
    ("第八届董事会召开二十二次会议", [("count", "二十二次", "22", "次", None)]),
    ("全年召开董事会14次", [("count", "14次", "14", "次", None)]),
    (
        "年度股东大会1次，临时股东大会5次会议均采取现场投票",
        [("count", "1次", "1", "次", None), ("count", "5次", "5", "次", None)],
    ),
    ("调研沟通150余次利益相关方广泛参与", [("count", "150余次", "150", "次", "over")]),
    ("已连续举办十九届", [("count", "十九届", "19", "届", None)]),
    # 人民币 alone after a number needs digits or 万/亿: 李四人民币 is a name (JioNLP #135)
    ("捐赠3000人民币", [("amount", "3000人民币", "3000", "CNY", None)]),
    ("四万人民币", [("amount", "四万人民币", "40000", "CNY", None)]),
    # a Taiwan report dates by the Republic era: 民國111年 is the year 2022 (WeTextProcessing #302)
    ("民國111年溫室氣體排放量為12,345公噸", [("quantity", "12,345公噸", "12345", "t", None)]),
    ("运营已满38年", [("quantity", "38年", "38", "year", None)]),
    # Taiwan's 公尺 units
    ("全年取水量為62.8萬立方公尺", [("quantity", "62.8萬立方公尺", "628000", "m3", None)]),
    ("綠化面積1,200平方公尺", [("quantity", "1,200平方公尺", "1200", "m2", None)]),
    ("管線長度350公尺", [("quantity", "350公尺", "350", "m", None)]),
    (
        "排放強度2.66公噸CO2e/百萬元營收",
        [("quantity", "2.66公噸CO2e/百萬元營收", "2.66", "tCO2e/百万元营收", None)],
    ),
    # a plain 元 takes the currency the sentence named for an earlier 元 amount
    (
        "稅後淨利新台幣21.3億元，每股盈餘4.26元。",
        [
            ("amount", "新台幣21.3億元", "2130000000", "TWD", None),
            ("amount", "4.26元", "4.26", "TWD", None),
        ],
    ),
    (
        "港幣1.2億元，每股0.35元；另捐款500萬元。",
        [
            ("amount", "港幣1.2億元", "120000000", "HKD", None),
            ("amount", "0.35元", "0.35", "HKD", None),
            ("amount", "500萬元", "5000000", "CNY", None),
        ],
    ),
    (
        "募资2亿美元，每股10元",
        [("amount", "2亿美元", "200000000", "USD", None), ("amount", "10元", "10", "CNY", None)],
    ),
    # 公噸CO2e is tonnes of CO2e; 度 is kWh where a traditional-script sentence speaks of 電
    (
        "民國111年度溫室氣體排放量為12,345公噸CO2e",
        [("quantity", "12,345公噸CO2e", "12345", "tCO2e", None)],
    ),
    ("全年用電量1,234,567度", [("quantity", "1,234,567度", "1234567", "kWh", None)]),
    ("風電發電量3,000度", [("quantity", "3,000度", "3000", "kWh", None)]),
    # a stray figure after an amount is not summed into it (JioNLP #49)
    ("3541.07万元2.3本项目", [("amount", "3541.07万元", "35410700", "CNY", None)]),
    # a time limit in hours or minutes is measured; 三年内 is a time frame
    ("接到投诉后24小时内解决", [("quantity", "24小时", "24", "h", None)]),
    ("热线电话3分钟内响应", [("quantity", "3分钟", "3", "min", None)]),
    # an average count may be fractional
    ("员工人均参加培训2.5次", [("count", "2.5次", "2.5", "次", None)]),
    ("人均参加培训2.5次/人", [("count", "2.5次/人", "2.5", "次/人", None)]),
    # two year columns glued together are not a figure; eight other digits are
    ("单位用水量20212025吨", [("quantity", "20212025吨", "20212025", "t", None)]),
]

NO_METRIC: list[str] = [
    "2023年10月19日发布",
    "**2023-10-19 08:43**",
    "今年8月推出自研大模型",
    "2023年1-6月",
    "2020-2023年",
    "在2022年《企业社会责任报告》中",
    "2023年度报告",
    "二〇二三年",
    "排名第三",
    "连续第14年获评",
    "第2.1.2条",
    "第23页",
    "借助5G、大数据",
    "V2X技术",
    "PM2.5浓度",
    "CO2排放",
    "访问https://www.example.com/2023/100t.html",
    "![1697702301440](https://tx2.cdn.example.com/2023/1019/1697702342136.jpg)",
    "联系esg100@example.com",
    "热线400-800-1234",
    "电话0755-8612 3390",
    "手机13812345678",
    "股票代码600000.SH",
    "股份代号00700.HK",
    "通过ISO 14001认证",
    "执行GB/T 32150-2015标准",
    "1、加强管理",
    "（2）完善制度",
    "一方面成立委员会，另一方面加强监督",
    "一体化发展",
    "万一发生事故",
    "统一管理",
    "一些企业",
    "一定程度上",
    "打造数字平台",
    "打击金融黑产",
    "三七互娱",
    "参考文献[13]",
    "马上消费是一家纯线上化业务的持牌消费金融公司",
    "探索出一条具有自身特色的发展模式",
    "每年一届的大赛",
    "防止二次污染",
    "近三年来",
    "三年来累计",
    "未来五年",
    "三方协议",
    "升温3度",
    "成立30周年",
    "宿迁基地二期工程",
    "十折",
    "\U00011bf0吨",
    "对折",  # folding in half
    "范围1和范围2排放",
    "实现双碳目标",
    "开展一对一帮扶",
    "成为行业内唯一一家获评五星的企业",
    "三八节送温暖",
    "推动一二三产业融合",
    "工会二一年三月",
    "您对三六零年环境社会及管治报告是否满意",
    "未休年假可顺延至下一年",
    "专利申请数量较上一年增加",
    "于5日召开董事会",
    "活动于20至22日举行",
    "日本市场",
    # a financial digit alone is a word; 多 after a lone digit is 多元, not "over"
    "提供非大陆居民的线上业务渠道",
    "打造一多元包容的职场",
    # a number glued to a noun without magnitude or separators is an index entry or a rank
    "治理环境行业共建员工社区13风险管理",
    "中国制造业企业500强",
    "18员工培训19社区贡献",
    "三客户服务",
    # table cells run together by PDF extraction
    "指标单位202020212022员工总人数",
    "ESG指标单位20222021小时小时小时",
    "李四人民币",
    "计划三年内完成改造",
    "近24小时",
    "每20万工时发生的事故数",  # the base of a rate
    "共1.5家",  # not an average: a count is whole
    "民国38年",
    "民國111年度",
    "空調溫度保持在25度",
    "揭露期間為民國112年1月1日至112年12月31日",  # a Taiwan date: 112年 is a year, not 112 years
    "主要財務數據（新台幣千元） 112年度 111年度",  # column heads, not 112000 yuan
    "用水量（吨）20212022吨",
    "子实体药物注册分类为化药1类",
    "中药1类创新药广金钱草总黄酮胶囊",
    "深入学习贯彻党的十九届六中全会精神",
    "学习贯彻党的二十届三中全会精神",
    "十九届中央纪委六次全会",
    "废水回用实现3次利用",
    "集团第八届董事会二十二次会议审议通过反舞弊制度",
    "综合能耗24518937975.60吨标煤",
    "218对最高管治机构的绩效评估",
    "提供7/24小时服务",
    "附近百姓",
    "2022和2023年",
    "半成品仓库",
    "4K电视",  # a video resolution, not 4000
    "兆瓦级风机",
    # flattened table columns: digits separated by spaces stay separate bare numbers
    "取水量 91.2 88.7 86.4",
    "指标 2.3万 3.5万",  # a digit of a script newer than Python's Unicode tables is not read
]

XFAIL: list[Row] = [
    # Arabic digits spaced out by PDF text before 折: read as 2 折 (20 %); spaced digits are
    # kept apart on purpose, since table columns look the same
    ("会员价7 2 折", [("percentage", "7 2 折", "72", "%", None)]),
    # the substance named two clauses before (二氧化碳當量) is not carried to a bare 噸
    (
        "範圍二排放48,620噸二氧化碳當量，兩者合共50,935噸",
        [
            ("quantity", "48,620噸二氧化碳當量", "48620", "tCO2e", None),
            ("quantity", "50,935噸", "50935", "tCO2e", None),
        ],
    ),
]


# --bare: unitless numbers too, as kind "number"; fractions are the numbers they denote
BARE: list[Row] = [
    ("三百五又三分之一", [("number", "三百五又三分之一", "350.333333333333", None, None)]),
    ("占比二分之一以上", [("number", "二分之一以上", "0.5", None, "over")]),
    ("负一又二分之一", [("number", "负一又二分之一", "-1.5", None, None)]),
    ("３分之负一百五十七", [("number", "３分之负一百五十七", "-52.3333333333333", None, None)]),
    ("一百分之十万零六百五十一", [("number", "一百分之十万零六百五十一", "1006.51", None, None)]),
    ("一千多万", [("number", "一千多万", "10000000", None, "over")]),
    ("十 余 万", [("number", "十 余 万", "100000", None, "over")]),
    ("两千三点一", [("number", "两千三点一", "2300.1", None, None)]),
    ("一千六点五", [("number", "一千六点五", "1600.5", None, None)]),
    (
        "三千 八百 九十六 万 四千 九百 六十五",
        [("number", "三千 八百 九十六 万 四千 九百 六十五", "38964965", None, None)],
    ),
    ("“一”和“五”", [("number", "一", "1", None, None), ("number", "五", "5", None, None)]),
    ("五兆六十二亿四万五千二", [("number", "五兆六十二亿四万五千二", "5006200045200", None, None)]),
    ("千分之五", [("percentage", "千分之五", "5", "‰", None)]),  # a percent word stays one
    # a dozen multiplies like a magnitude; the verb 打 after a number does not
    ("五十打", [("number", "五十打", "600", None, None)]),
    # a leading place word before one digit is shorthand: 百三 = 130, 千三 = 1300
    ("千三", [("number", "千三", "1300", None, None)]),
    # a numeral read shorter than it was written takes no magnitude after it: 五十千 is 50
    ("五十千", [("number", "五十", "50", None, None)]),
    # only up to 24 can be a time of day before 点
    ("两百点两", [("number", "两百", "200", None, None)]),
    ("十打苹果", [("number", "十打", "120", None, None)]),
    # scientific notation and powers, as tables and formulas write them
    ("检测值为1.2e5", [("number", "1.2e5", "120000", None, None)]),
    ("系数-12e-1", [("number", "-12e-1", "-1.2", None, None)]),
    ("2^-1", [("number", "2^-1", "0.5", None, None)]),
    # a leading-dot decimal; a spaced M is a million (a glued 3M is a name)
    ("误差 .5", [("number", ".5", "0.5", None, None)]),
    ("-2.5 M", [("number", "-2.5 M", "-2500000", None, None)]),
    # 两 is never a decimal digit: 一点两小时 is not 1.2 h
    ("一点两小时的会议", [("quantity", "两小时", "2", "h", None)]),
    # --9 is a decoration, not a double minus
    ("－－9", [("number", "9", "9", None, None)]),
    # fractions with a slash, also after a whole number
    (
        "1 4/3的美梦,1/2的努力",
        [
            ("number", "1 4/3", "2.33333333333333", None, None),
            ("number", "1/2", "0.5", None, None),
        ],
    ),
    (
        "取水量 91.2 88.7",
        [("number", "91.2", "91.2", None, None), ("number", "88.7", "88.7", None, None)],
    ),
]

BARE_NO_METRIC: list[str] = [
    "两两",  # in pairs
    "小明拾起石子",
    "他在海滩上拾取贝壳",
    "全球首款4K三色激光电视",
    "一些企业",
    "统一管理",
    "（一）加强管理",
    "答 案 是 四",
    "我一打开电脑",
    "八点开会",
    "约 三 成 员 工",  # 成员, spaced out
    "三 年 行 动 计 划",
    "近 三 年 来",
    "排 名 第 3 名",
    "设置节能温度，夏天保持在25度，冬天保持在20度",
    "千家万户",
    "全力打造一流企业",  # spaced-out text: a space does not isolate a numeral
    "1、加强管理",
    "2022和2023年",
    "2023年10月19日发布",
    "第23页",
    "V2X技术",
    "参考文献[13]",
    "热线400-800-1234",
    "提供7/24小时服务",  # round the clock, not 0.29 h
    "全面覆盖5G网络",
    "3M公司",
    "职权范围及实施细则p.16",
    "目录报告说明.........3",
]


def _expected_value(raw: str | None) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    if raw is None:
        return None, None, None
    if ".." in raw:
        low, high = raw.split("..")
        return None, Decimal(low), Decimal(high)
    return Decimal(raw), None, None


def _check(
    text: str,
    expected: list[tuple[str, str, str | None, str | None, str | None]],
    *,
    bare: bool = False,
) -> None:
    got = extract(text, bare=bare)
    got_rows = [(m.kind, m.text, m.value, m.low, m.high, m.unit, m.qualifier) for m in got]
    want_rows = []
    for kind, span, raw, unit, qual in expected:
        value, low, high = _expected_value(raw)
        want_rows.append((kind, span, value, low, high, unit, qual))
    assert got_rows == want_rows
    for m in got:
        assert text[m.start : m.end] == m.text


def _id(row: Row | str) -> str:
    return row if isinstance(row, str) else row[0]


@pytest.mark.parametrize(("text", "expected"), NEW, ids=[_id(r) for r in NEW])
def test_new(text: str, expected: list) -> None:
    _check(text, expected)


@pytest.mark.parametrize(("text", "expected"), BUGS_CAUGHT, ids=[_id(r) for r in BUGS_CAUGHT])
def test_bugs_caught(text: str, expected: list) -> None:
    _check(text, expected)


@pytest.mark.parametrize("text", NO_METRIC)
def test_no_metric(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(("text", "expected"), BARE, ids=[_id(r) for r in BARE])
def test_bare(text: str, expected: list) -> None:
    _check(text, expected, bare=True)


@pytest.mark.parametrize("text", BARE_NO_METRIC)
def test_bare_no_metric(text: str) -> None:
    assert extract(text, bare=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(*row, marks=pytest.mark.xfail(strict=True)) for row in XFAIL],
    ids=[_id(r) for r in XFAIL],
)
def test_known_misses(text: str, expected: list) -> None:
    _check(text, expected)


def test_context_sentence_and_line() -> None:
    text = "第一段。\n赫建营透露，已累计投入33亿元用于研发！另一句话。"
    (m,) = extract(text, source="a.txt")
    assert m.sentence == "赫建营透露，已累计投入33亿元用于研发！"
    assert m.line == 2
    assert m.source == "a.txt"
    assert text[m.start : m.end] == "33亿元"


def test_to_dict_emits_integers_when_integral() -> None:
    (m,) = extract("较上年增长16.4亿元")
    d = m.to_dict()
    assert d["value"] == 1640000000
    assert isinstance(d["value"], int)
    (p,) = extract("下降3.25%")
    assert p.to_dict()["value"] == 3.25


def test_flattened_table_rows_take_the_unit_of_their_label() -> None:
    text = "取水量（万立方米） 91.2 88.7\n危险废物（吨） 1,412.6 1,388.0"
    got = [(m.text, m.value, m.unit) for m in extract(text)]
    assert got == [
        ("91.2", Decimal("912000"), "m3"),
        ("88.7", Decimal("887000"), "m3"),
        ("1,412.6", Decimal("1412.6"), "t"),
        ("1,388.0", Decimal("1388"), "t"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营业收入（人民币百万元） 45,678.9", [("45,678.9", "45678900000", "CNY")]),
        ("捐赠金额（人民币万元）123.4", [("123.4", "1234000", "CNY")]),
        (
            "收入（港币千元） 1,234 1,100",
            [("1,234", "1234000", "HKD"), ("1,100", "1100000", "HKD")],
        ),
        ("Revenue (RMB million) 45,678", [("45,678", "45678000000", "CNY")]),
        ("Revenue (RMB millions) 3.5", [("3.5", "3500000", "CNY")]),
        ("社区投资(HK$'000) 1,234", [("1,234", "1234000", "HKD")]),
        ("社区投资（HK$’000） 56", [("56", "56000", "HKD")]),
        ("金额（人民币元） 12,345.67", [("12,345.67", "12345.67", "CNY")]),
        ("金额（人民币） 12,345", [("12,345", "12345", "CNY")]),
        # accounts write a negative figure in brackets; a one-digit (1) is a note mark
        (
            "净利润（人民币千元） (1,234) 5,678",
            [("(1,234)", "-1234000", "CNY"), ("5,678", "5678000", "CNY")],
        ),
        (
            "捐赠（万元） 5,678 （12.5）",
            [("5,678", "56780000", "CNY"), ("（12.5）", "-125000", "CNY")],
        ),
        # outside money rows brackets keep their other meanings: the row stops there
        ("危险废物（吨） 13 (12.5)", [("13", "13", "t")]),
        # the longest unit written in the label wins: kWh and kg, as after a number
        ("用电量（万千瓦时） 1,234", [("1,234", "12340000", "kWh")]),
        ("包装材料（千克） 12", [("12", "12", "kg")]),
        # one year alone may be a figure; the rule reads it as one
        ("营业收入（万元） 2023", [("2023", "20230000", "CNY")]),
    ],
)
def test_table_rows_take_the_unit_and_scale_of_their_label(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    got = [(m.text, m.value, m.unit) for m in extract(text)]
    assert got == [(t, Decimal(v), u) for t, v, u in expected]


@pytest.mark.parametrize(
    "text",
    [
        "营业收入（万元） 2023 2022",  # the year columns of the table, not 20230000 yuan
        "营业收入（人民币千元） 2021 2022 2023",
        "员工（人民币港元） 12",  # two currencies name no unit
        "项目（人民币吨） 12",
        "收入（万元）（1）",
        "危险废物（吨） (12.5) 13",
    ],
)
def test_brackets_that_name_no_money_unit_give_none(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "主要財務數據（新台幣千元） 112年度 111年度\n營業收入 18,640,215 17,291,480\n"
            "營業外收支 (152,306) 84,917",
            [
                ("18,640,215", "18640215000", "TWD"),
                ("17,291,480", "17291480000", "TWD"),
                ("(152,306)", "-152306000", "TWD"),
                ("84,917", "84917000", "TWD"),
            ],
        ),
        (
            "主要指标（吨） 2023年 2022年\n危险废物 1,412.6 1,388.0\n一般固废 (12.5) 13",
            [("1,412.6", "1412.6", "t"), ("1,388.0", "1388", "t"), ("13", "13", "t")],
        ),
        ("排放（万吨）\n范围一 12.5\n范围二 8.1", [("12.5", "125000", "t"), ("8.1", "81000", "t")]),
        # a blank line, or a line that is not a row, ends the table
        ("排放（万吨）\n范围一 12.5\n\n员工 300", [("12.5", "125000", "t")]),
        ("排放（万吨）\n本年度排放有所下降。\n范围一 12.5", []),
        # a key-figure table's unit column, the row's last word before its figures
        (
            "指标 单位 2023年 2022年\n温室气体排放总量 吨二氧化碳当量 125,678 130,234\n"
            "用水总量 万吨 123.4 130.5\n女性员工占比 % 35.2 34.8\n公益捐赠 万元 1,234.5 980.0",
            [
                ("125,678", "125678", "tCO2e"),
                ("130,234", "130234", "tCO2e"),
                ("123.4", "1234000", "t"),
                ("130.5", "1305000", "t"),
                ("35.2", "35.2", "%"),
                ("34.8", "34.8", "%"),
                ("1,234.5", "12345000", "CNY"),
                ("980.0", "9800000", "CNY"),
            ],
        ),
        ("员工总数 人 12,345 11,234", [("12,345", "12345", "人"), ("11,234", "11234", "人")]),
        # a digit glued to the label's word is part of the label
        (
            "范围1 吨二氧化碳当量 12,345 11,234",
            [("12,345", "12345", "tCO2e"), ("11,234", "11234", "tCO2e")],
        ),
        ("用电量 万千瓦时 1,234", [("1,234", "12340000", "kWh")]),
        # a Markdown table: pipes part the cells
        (
            "| 指标 | 单位 | 2023年 | 2022年 |\n|---|---|---|---|\n"
            "| 温室气体排放总量 | 吨二氧化碳当量 | 125,678 | 130,234 |\n"
            "| 用水总量（万吨） | 123.4 | 130.5 |",
            [
                ("125,678", "125678", "tCO2e"),
                ("130,234", "130234", "tCO2e"),
                ("123.4", "1234000", "t"),
                ("130.5", "1305000", "t"),
            ],
        ),
        # empty cells (-, N/A) keep a row together; letters before a cell are its unit
        (
            "范围三排放 tCO2e - 12,345 11,234\n能源消耗 GJ 12,345 N/A 13,456",
            [
                ("12,345", "12345", "tCO2e"),
                ("11,234", "11234", "tCO2e"),
                ("12,345", "12345", "GJ"),
                ("13,456", "13456", "GJ"),
            ],
        ),
        # intensities in a unit column or a label
        (
            "排放强度 吨/万元 0.52 0.48\n人均培训时长 小时/人 32.5 35.1\n"
            "能耗强度（吨标准煤/万元） 0.05",
            [
                ("0.52", "0.52", "t/万元"),
                ("0.48", "0.48", "t/万元"),
                ("32.5", "32.5", "h/人"),
                ("35.1", "35.1", "h/人"),
                ("0.05", "0.05", "tce/万元"),
            ],
        ),
        ("排放强度 吨/某某 0.52 0.48", []),  # not a denominator the lexicon knows
        # a unit per column, in the brackets that end each column's head; rows by year
        (
            "项目 营业收入（亿元） 净利润（亿元） 员工人数（人）\n2023年 123.4 12.3 5,678",
            [
                ("123.4", "12340000000", "CNY"),
                ("12.3", "1230000000", "CNY"),
                ("5,678", "5678", "人"),
            ],
        ),
        # an empty cell keeps the columns in line with their units
        (
            "项目 营业收入（亿元） 净利润（亿元） 员工人数（人）\n"
            "2023年 123.4 - 5,678\n2022年 - 10.1 5,432",
            [
                ("123.4", "12340000000", "CNY"),
                ("5,678", "5678", "人"),
                ("10.1", "1010000000", "CNY"),
                ("5,432", "5432", "人"),
            ],
        ),
        # a row with more figures than the header has columns is left alone
        ("项目 营业收入（亿元） 净利润（亿元）\n2023年 123.4 12.3 5,678", []),
        # a table's column of days is days, not dates
        ("工伤损失工作日数（日） 12 15", [("12", "12", "day"), ("15", "15", "day")]),
        # the last word must name a unit, and a name must stand before it
        ("员工总数 合计 12,345", []),
        ("人 12,345", []),
        # a unit line (单位：万元) over the table, with the columns' years between
        (
            "单位：万元\n项目 2023年 2022年\n营业收入 12,345 11,234\n净利润 (1,234) 567",
            [
                ("12,345", "123450000", "CNY"),
                ("11,234", "112340000", "CNY"),
                ("(1,234)", "-12340000", "CNY"),
                ("567", "5670000", "CNY"),
            ],
        ),
        (
            "表1 主要财务指标（单位：亿元）\n营业收入 12.3 11.2",
            [("12.3", "1230000000", "CNY"), ("11.2", "1120000000", "CNY")],
        ),
        ("单位：吨\n危险废物 12.5 13.1", [("12.5", "12.5", "t"), ("13.1", "13.1", "t")]),
        ("项目 2023年 2022年\n营业收入 12,345 11,234", []),
        ("单位：万元，下同。\n营业收入 12,345", []),
        # a header line holds only the unit and the columns' years after its brackets
        ("排放（万吨）见下表\n范围一 12.5", []),
        ("员工 300 320", []),
    ],
)
def test_rows_under_a_header_line_take_its_unit(
    text: str, expected: list[tuple[str, str, str]]
) -> None:
    got = [(m.text, m.value, m.unit) for m in extract(text)]
    assert got == [(t, Decimal(v), u) for t, v, u in expected]


def test_offsets_survive_folding() -> None:
    text = "營收１２３億港元，減少５０％。"
    metrics = extract(text)
    assert [text[m.start : m.end] for m in metrics] == [m.text for m in metrics]
    assert [m.text for m in metrics] == ["１２３億港元", "５０％"]
