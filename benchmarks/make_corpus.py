#!/usr/bin/env python3
"""Write a synthetic handbook root for benchmarking ``handbook validate``.

    python3 benchmarks/make_corpus.py --cases 20000 [--out DIR] [--seed S]

The root holds N cases, max(5, N/20) defect types and max(1, N/100) projects
(or --types and --projects),
all valid under the record contract (issue 2), in realistic professional
Chinese assembled from phrase pools.  Case files are about 1.5 KB of UTF-8.
Defect types recur across projects with a Zipf-like distribution, so a few
types are cited by many cases in many projects and years.

The output is deterministic for a given (N, seed).  Standard library only; the
YAML text is written by hand (block style, 2-space indentation, literal block
scalars for Markdown fields, double quotes for anything YAML could retype).

DIR defaults to ``benchmarks/corpus-N`` next to this script (ignored by git).
An existing DIR is replaced only if this script made it (it holds the marker
file ``.make_corpus``); any other non-empty folder is left alone.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path

MARKER = ".make_corpus"
FIRST_DAY = dt.date(2016, 1, 1)      # found dates: after 2015 ...
LAST_DAY = dt.date(2025, 12, 31)     # ... and not after 2025
FIRST_DELIVERY = dt.date(2016, 6, 30)
LAST_DELIVERY = dt.date(2025, 9, 30)
ENGLISH_SHARE = 0.1                  # share of files that use English keys for enumerations
ZIPF_EXPONENT = 1.0

# --------------------------------------------------------------------------
# Taxonomy (keys and Chinese labels of the contract)
# --------------------------------------------------------------------------

STAGES = {
    "design": "设计准备阶段",
    "construction": "施工管理阶段",
    "sales": "销售管理阶段",
    "delivery": "入住保修阶段",
    "property": "物业服务阶段",
}
SOURCES = {
    "opening_check": "开盘风险检查",
    "patrol": "巡检",
    "delivery_check": "交付风险检查",
    "owner_preinspection": "业主预验收",
    "open_day": "工地开放日",
    "handover": "集中交付验房",
    "repair": "维修整改",
    "warranty": "保修",
    "complaint": "业主投诉",
    "survey": "满意度调查",
    "expiry_callback": "质保期到期回访",
}
SEVERITIES = {"general": "一般", "hot": "热点", "major": "重大", "crisis": "危机"}
STATUSES = {"open": "待决策", "decided": "已决策", "rectifying": "整改中", "closed": "已关闭"}
DEPARTMENTS = {
    "customer_service": "客户服务部",
    "engineering": "工程管理部",
    "design": "设计管理部",
    "marketing": "营销管理部",
    "cost": "成本管理部",
    "property": "物业公司",
    "quality": "质量部",
}

REPLAN_REASONS = [
    ("铝型材到货延误 20 天", "供应商排产不足，已列入年度考核"),
    ("业主长期在外地，无法约定入户时间", "客观原因，已与业主书面约定新时间"),
    ("雨季外墙不具备打胶条件", "计划未留雨季余量"),
    ("设计变更图纸审核延误", "已要求设计院限期出图"),
    ("冬季气温低于 5 ℃，防水涂料无法施工", "调整为开春后第一批施工"),
]

# Found-date window per source, in days relative to the phase's delivery date.
SOURCE_WINDOWS = {
    "opening_check": (-900, -400),
    "open_day": (-500, -120),
    "patrol": (-600, -20),
    "delivery_check": (-90, -15),
    "owner_preinspection": (-60, -5),
    "handover": (0, 45),
    "repair": (10, 1500),
    "warranty": (10, 1500),
    "complaint": (1, 1800),
    "survey": (60, 1200),
    "expiry_callback": (600, 1900),
}
SOURCE_PHRASES = {
    "opening_check": "开盘风险检查中发现",
    "patrol": "工程巡检中发现",
    "delivery_check": "交付风险检查中发现",
    "owner_preinspection": "业主预验收时提出",
    "open_day": "工地开放日业主现场反映",
    "handover": "集中交付验房时业主提出",
    "repair": "维修整改过程中发现",
    "warranty": "业主报修反映",
    "complaint": "业主投诉反映",
    "survey": "满意度调查中业主反映",
    "expiry_callback": "质保期到期回访时业主反映",
}

# category key, Chinese label, prefix code, share of defect types, usual origin,
# likely sources (weights), lead departments
CATEGORIES = [
    ("engineering", "工程质量", "EN", 0.36, "construction",
     {"patrol": 3, "delivery_check": 3, "owner_preinspection": 3, "handover": 5,
      "repair": 4, "warranty": 6, "complaint": 4, "expiry_callback": 1},
     ["engineering", "quality", "customer_service"]),
    ("design", "规划设计", "DS", 0.30, "design",
     {"opening_check": 2, "open_day": 2, "delivery_check": 2, "handover": 4,
      "complaint": 5, "survey": 2, "warranty": 2},
     ["design", "engineering", "cost"]),
    ("sales", "销售管理", "SA", 0.09, "sales",
     {"opening_check": 3, "open_day": 2, "handover": 4, "complaint": 6, "survey": 1},
     ["marketing", "customer_service"]),
    ("service", "客户服务", "SV", 0.09, "delivery",
     {"handover": 3, "repair": 3, "complaint": 5, "survey": 3, "expiry_callback": 2},
     ["customer_service", "engineering"]),
    ("property", "物业管理", "PR", 0.10, "property",
     {"complaint": 6, "survey": 3, "repair": 2, "expiry_callback": 1},
     ["property", "customer_service"]),
    ("other", "其他", "OT", 0.06, "sales",
     {"opening_check": 1, "handover": 2, "complaint": 5, "survey": 2},
     ["marketing", "customer_service", "design"]),
]
OTHER_ORIGINS = ["sales", "design", "property"]

# Subcategories with phrase pools.  Templates may use {mm} {mm2} {w} {pct} {n}
# {mins} {db} {hrs} {area} {days} {fl} {t} (a tag) {s} (the defect's subject).
SUBCATS = {
    "engineering": [
        dict(key="leak", label="渗漏", code="LEAK", unit=True,
             subjects=["外窗窗框四周", "卫生间沉箱", "地下室顶板", "屋面女儿墙根部", "阳台地面",
                       "外墙穿墙管洞口", "厨房排烟道根部", "飘窗顶板", "地下室外墙施工缝", "露台门槛"],
             problems=["渗漏", "渗水返潮", "雨季渗漏", "渗漏至楼下", "渗水致墙面霉变"],
             tags=["渗漏", "防水", "闭水试验", "打胶", "沉箱", "附加层"],
             causes=["防水层在阴阳角及管根处未做附加层", "闭水试验不足24小时即进入下道工序",
                     "窗框与洞口间发泡胶填充不密实，外侧打胶断续", "施工缝止水钢板搭接长度不足",
                     "找坡方向错误导致积水，防水上翻高度不足300mm", "成品保护不到位，后续工序破坏防水层"],
             measures=["现场淋水试验{mins}分钟后内侧出现渗水，渗水范围约{mm2}mm×{mm}mm",
                       "红外热成像检测显示墙面含水区域约{area}平方米",
                       "开凿检查发现防水附加层缺失，管根处可见{w}mm宽缝隙",
                       "楼下顶棚出现直径约{mm}mm的水渍，雨后{hrs}小时仍未干透"],
             fixes=["凿除原防水层至结构基层，清理后涂刷1.5mm厚聚氨酯防水涂料",
                    "阴阳角及管根处增设300mm宽无纺布附加层", "窗框外侧清理旧胶后重新满打耐候密封胶",
                    "重新做48小时闭水试验，监理与客服共同验收", "受损的顶棚与墙面重新批嵌、涂刷乳胶漆"],
             trades=["防水分包", "门窗分包", "土建总包"],
             refs=["GB 50207-2012《屋面工程质量验收规范》", "GB 50208-2011《地下防水工程质量验收规范》",
                   "JGJ 298-2013《住宅室内防水工程技术规范》"]),
        dict(key="crack", label="裂缝", code="CRK", unit=True,
             subjects=["轻质隔墙与梁柱交接处", "顶棚板缝", "外墙保温层", "门窗洞口角部", "楼梯间墙面",
                       "剪力墙与填充墙交接处", "地下车库地坪"],
             problems=["抹灰开裂", "出现通长裂缝", "龟裂", "出现斜向裂缝", "裂缝反复出现"],
             tags=["裂缝", "抹灰", "挂网", "收缩"],
             causes=["不同材料交接处未挂设耐碱玻纤网格布", "砌体含水率过高即抹灰，干缩变形大",
                     "抹灰一次成活厚度超过15mm", "顶棚板缝未做嵌缝处理", "养护时间不足7天"],
             measures=["裂缝长度约{mm2}mm，最大宽度{w}mm", "同一户内共发现{n}处裂缝，集中在{fl}层以上",
                       "裂缝观测{days}天后仍有发展"],
             fixes=["沿裂缝两侧各150mm铲除面层至基层", "满挂耐碱玻纤网格布后分层抹灰",
                    "基层干燥后重新批嵌腻子、涂刷乳胶漆", "对结构性裂缝委托检测单位出具鉴定意见"],
             trades=["土建总包", "抹灰班组", "涂料分包"],
             refs=["GB 50210-2018《建筑装饰装修工程质量验收标准》"]),
        dict(key="hollow", label="空鼓脱落", code="HOL", unit=True,
             subjects=["墙地砖", "外墙面砖", "卫生间墙砖", "厨房墙砖", "客厅地砖", "阳台顶棚抹灰",
                       "石材干挂板"],
             problems=["空鼓", "空鼓脱落", "大面积空鼓", "空鼓存在脱落伤人隐患"],
             tags=["空鼓", "脱落", "粘结", "铺贴"],
             causes=["基层未充分湿润且未拉毛，粘结不牢", "采用水泥砂浆点粘而非满浆铺贴",
                     "瓷砖背面脱模剂未清理", "铺贴后过早上人踩踏", "砂浆配比不当、超时使用"],
             measures=["空鼓锤敲击检查，空鼓面积约占{pct}%", "单块砖空鼓面积超过{pct}%，共{n}块",
                       "已有{n}块面砖脱落，最大一块约{mm}mm×{mm2}mm"],
             fixes=["拆除空鼓砖并清理基层", "基层凿毛后刷界面剂", "采用瓷砖胶满浆重新铺贴",
                    "铺贴完成后养护7天再交付使用"],
             trades=["瓷砖铺贴班组", "精装修分包", "外墙分包"],
             refs=["GB 50210-2018《建筑装饰装修工程质量验收标准》"]),
        dict(key="doors_windows", label="门窗", code="WIN", unit=True,
             subjects=["铝合金推拉窗", "平开窗", "入户门", "阳台推拉门", "断桥铝外窗", "防火门", "单元门"],
             problems=["密封不严", "开启不畅", "五金松动", "变形下垂", "玻璃自爆"],
             tags=["门窗", "密封", "五金", "气密性"],
             causes=["型材壁厚不足，刚度不够", "密封胶条材质不合格、老化收缩",
                     "五金件规格与扇重不匹配", "安装时未调平，框扇间隙不均"],
             measures=["框扇搭接量仅{mm}mm", "关闭状态下缝隙约{w}mm，可透光", "同批次共{n}樘存在同类问题"],
             fixes=["更换三元乙丙密封胶条", "更换与扇重匹配的合页及执手", "重新调整框扇间隙并复测",
                    "对自爆玻璃更换为钢化中空玻璃"],
             trades=["门窗分包", "五金供应商"],
             refs=["GB 50210-2018《建筑装饰装修工程质量验收标准》"]),
        dict(key="plumbing", label="给排水", code="PIPE", unit=True,
             subjects=["排水立管", "卫生间地漏", "厨房排水管", "给水支管", "阳台雨水管", "热水管"],
             problems=["堵塞", "返味", "接口渗漏", "水压不足", "排水噪声明显"],
             tags=["排水", "地漏", "返味", "存水弯", "立管"],
             causes=["地漏未设存水弯或水封高度不足50mm", "立管检查口封堵不严",
                     "施工期间建筑垃圾落入立管", "管道坡度不足，局部倒坡", "管件粘接不牢"],
             measures=["通球试验在{fl}层受阻", "地漏水封高度仅{mm}mm", "管道接口处滴水，每小时约{n}滴"],
             fixes=["疏通立管并清除建筑垃圾", "更换带存水弯的防臭地漏", "对倒坡段拆除重装",
                    "整改后做通水、通球试验并留影像资料"],
             trades=["水电安装分包", "土建总包"],
             refs=["GB 50242-2002《建筑给水排水及采暖工程施工质量验收规范》",
                   "GB 50015-2019《建筑给水排水设计标准》"]),
        dict(key="electrical", label="电气", code="ELEC", unit=True,
             subjects=["户内插座", "厨房回路", "配电箱", "卫生间等电位", "楼道照明", "弱电箱"],
             problems=["接线错误", "回路频繁跳闸", "线径偏小", "漏电保护失效", "接地缺失"],
             tags=["电气", "跳闸", "接地", "回路"],
             causes=["插座左零右火接反", "厨房大功率电器与照明共用回路", "导线截面小于设计要求",
                     "等电位联结端子未连接"],
             measures=["抽检{n}个插座，其中接线错误{n}个", "回路负载电流达到{n}0A", "接地电阻实测{n}Ω，超过要求"],
             fixes=["逐户检测插座接线并改正", "厨房增设独立回路", "更换为设计要求截面的导线",
                    "整改后由电工复测并出具记录"],
             trades=["水电安装分包", "电气班组"],
             refs=["GB 50303-2015《建筑电气工程施工质量验收规范》"]),
        dict(key="hvac", label="暖通空调", code="HVAC", unit=True,
             subjects=["地暖盘管", "新风系统", "中央空调风口", "卫生间排风扇", "散热器"],
             problems=["供热不均", "渗漏", "运行噪声大", "冷凝水滴落", "风量不足"],
             tags=["暖通", "地暖", "新风", "冷凝水"],
             causes=["分集水器未调试平衡", "风管接口未密封", "冷凝水管坡度不足", "设备选型偏小"],
             measures=["室内温差达到{n}℃", "风口噪声实测{db}dB", "冷凝水盘积水约{mm}mm深"],
             fixes=["重新调试分集水器流量", "风管接口加装密封胶带", "调整冷凝水管坡度不小于1%",
                    "更换匹配风量的设备"],
             trades=["暖通分包", "设备供应商"],
             refs=["GB 50242-2002《建筑给水排水及采暖工程施工质量验收规范》"]),
        dict(key="finishes", label="装饰装修", code="FIN", unit=True,
             subjects=["精装修木地板", "橱柜柜体", "吊顶石膏板", "墙面乳胶漆", "卫生间台盆柜", "衣柜门板"],
             problems=["起拱", "变形", "开裂", "色差明显", "发霉"],
             tags=["精装修", "木地板", "柜体", "吊顶"],
             causes=["地面含水率过高即铺设木地板", "伸缩缝预留不足10mm", "柜体板材防潮等级不够",
                     "吊顶龙骨间距过大"],
             measures=["地板起拱高度约{mm}mm", "柜门变形缝隙{w}mm", "吊顶板缝开裂长度约{mm2}mm"],
             fixes=["拆除起拱地板，基层含水率达标后重新铺设", "四周预留10mm伸缩缝",
                    "更换防潮板材柜体", "加密吊顶龙骨后重新封板"],
             trades=["精装修分包", "木作供应商"],
             refs=["GB 50210-2018《建筑装饰装修工程质量验收标准》"]),
        dict(key="structure", label="结构", code="STR", unit=True,
             subjects=["楼板", "阳台悬挑板", "框架梁", "地下室底板", "剪力墙"],
             problems=["出现受力裂缝", "钢筋保护层不足", "混凝土强度不足", "局部露筋", "不均匀沉降"],
             tags=["结构", "混凝土", "钢筋", "沉降"],
             causes=["混凝土浇筑后养护不足", "钢筋垫块漏放", "拆模过早", "回填土压实度不足"],
             measures=["回弹检测强度推定值低于设计值{pct}%", "钢筋保护层实测仅{mm}mm",
                       "沉降观测累计{mm}mm"],
             fixes=["委托检测单位出具鉴定报告", "按设计院加固方案粘贴碳纤维布",
                    "对露筋部位除锈后用高强修补砂浆修复", "加固完成后持续沉降观测"],
             trades=["土建总包", "检测单位", "加固专业分包"],
             refs=["GB 50300-2013《建筑工程施工质量验收统一标准》"]),
    ],
    "design": [
        dict(key="layout", label="户型功能", code="LAY", unit=True,
             subjects=["卫生间布局", "厨房操作台", "主卧衣柜墙", "餐厅区域", "玄关收纳", "阳台洗衣机位", "次卧"],
             problems=["局促，使用不便", "净宽不足", "无法摆放标准家具", "动线交叉", "开门相互碰撞"],
             tags=["户型", "尺寸", "家具", "动线"],
             causes=["方案阶段未做家具布置校核", "为提高得房率压缩功能空间", "户型标准化图库未更新"],
             measures=["坐便器前净距仅{mm}mm", "操作台连续长度不足{mm2}mm", "衣柜墙净宽仅{mm2}mm"],
             fixes=["调整门扇开启方向", "增设定制收纳柜", "对未售房源修改户型并重新报批"],
             trades=["设计院", "精装修分包"],
             refs=["GB 50096-2011《住宅设计规范》"]),
        dict(key="equipment", label="设备机位", code="EQP", unit=True,
             subjects=["空调外机百叶", "空调外机机位", "空调冷凝水管", "热水器机位", "燃气表位", "新风机位"],
             problems=["设置不合理", "散热不良导致停机", "安装检修空间不足", "预留条件不足"],
             tags=["空调机位", "散热", "百叶", "冷凝水", "检修"],
             causes=["百叶通透率不足80%，外机热风回流", "机位进深小于900mm，无法安装大匹数外机",
                     "立面效果优先，机位设于凹槽内", "未预留冷凝水立管"],
             measures=["百叶通透率实测约{pct}%", "机位净进深仅{mm2}mm", "夏季高温时外机每{n}小时停机一次"],
             fixes=["更换为通透率不低于80%的百叶", "拆除局部装饰构件扩大机位", "增设冷凝水立管并接入雨水系统"],
             trades=["幕墙分包", "设计院", "空调安装单位"],
             refs=["集团《住宅产品设计标准》2023 版", "GB 50096-2011《住宅设计规范》"]),
        dict(key="outlets", label="管线点位", code="OUT", unit=True,
             subjects=["插座点位", "开关面板", "燃气总阀", "热水减压阀", "公共水表", "排污检修口", "强电箱"],
             problems=["与家具布置冲突", "设于户内", "位置不合理", "被柜体遮挡", "检修不便"],
             tags=["点位", "插座", "阀门", "检修口"],
             causes=["水电点位图未结合家具布置", "公共阀门设于户内，产权与使用冲突",
                     "精装修设计与机电设计未协调"],
             measures=["床头两侧插座距墙角仅{mm}mm", "共{n}户燃气总阀位于阳台内", "检修口尺寸仅{mm}mm×{mm}mm"],
             fixes=["移位插座并修补墙面", "将公共阀门移至管井内", "增设检修口并做美化处理"],
             trades=["水电安装分包", "燃气公司", "精装修分包"],
             refs=["GB 50096-2011《住宅设计规范》", "集团《住宅产品设计标准》2023 版"]),
        dict(key="noise", label="噪音振动", code="NOI", unit=False,
             subjects=["水泵房", "电梯井道", "变配电房", "地下车库排风机", "冷却塔"],
             problems=["未做减振降噪", "紧贴卧室", "运行噪声扰民", "低频振动明显", "夜间噪声超标"],
             tags=["噪音", "振动", "减振", "隔声"],
             causes=["设备基础未设减振台座", "机房位于住宅正下方", "管道与结构刚性连接"],
             measures=["卧室夜间噪声实测{db}dB", "振动加速度超标", "共{n}户反映夜间无法入睡"],
             fixes=["加装弹簧减振器", "机房内墙及顶棚做吸声处理", "管道改为柔性连接"],
             trades=["机电安装分包", "声学顾问"],
             refs=["GB 50118-2010《民用建筑隔声设计规范》", "GB 3096-2008《声环境质量标准》"]),
        dict(key="public_facilities", label="公共设施", code="PUB", unit=False,
             subjects=["单元入口无障碍坡道", "信报箱", "入户大堂", "快递柜", "电动车充电区", "垃圾房"],
             problems=["缺失", "数量不足", "位置不合理", "坡度过陡", "使用不便"],
             tags=["公共设施", "无障碍", "配套"],
             causes=["总图设计未考虑无障碍流线", "配套指标按下限配置", "后期增设条件未预留"],
             measures=["坡道坡度实测1:{n}", "充电车位仅{n}个", "信报箱距单元门约{mm2}mm"],
             fixes=["增设无障碍坡道及扶手", "补设充电桩", "调整设施位置"],
             trades=["景观分包", "设计院"],
             refs=["GB 50763-2012《无障碍设计规范》", "GB 50180-2018《城市居住区规划设计标准》"]),
        dict(key="landscape", label="园林景观", code="LAND", unit=False,
             subjects=["景观水景", "儿童活动区", "宅间绿地", "景观园路", "架空层", "下沉庭院"],
             problems=["积水", "蚊虫滋生", "无遮阴", "排水不畅", "铺装湿滑"],
             tags=["景观", "积水", "蚊虫", "遮阴"],
             causes=["水景未设循环过滤系统", "场地找坡不足", "乔木种植位置未考虑日照"],
             measures=["雨后积水深度约{mm}mm", "积水持续{days}天", "夏季地面温度高达{n}0℃"],
             fixes=["增设循环过滤设备", "重新找坡并增设排水沟", "补种遮阴乔木"],
             trades=["景观分包", "园林养护单位"],
             refs=["GB 50180-2018《城市居住区规划设计标准》"]),
        dict(key="parking", label="车库车位", code="PARK", unit=False,
             subjects=["地下车位", "车库坡道", "机械车位", "车库出入口", "非机动车库"],
             problems=["尺寸不足", "柱子影响停车开门", "坡度过陡", "净高不足", "转弯半径不足"],
             tags=["车位", "坡道", "净高"],
             causes=["柱网排布未按车位模数", "坡道设计压缩长度", "管线综合未做净高校核"],
             measures=["车位宽度仅{mm2}mm", "坡道坡度实测{pct}%", "局部净高仅{mm2}mm"],
             fixes=["调整车位划线", "增设防撞设施与警示标识", "管线局部改移提升净高"],
             trades=["设计院", "机电安装分包"],
             refs=["JGJ 100-2015《车库建筑设计规范》"]),
        dict(key="daylight", label="采光通风", code="LITE", unit=True,
             subjects=["低层住户", "北向卧室", "暗卫", "厨房", "地下室"],
             problems=["采光被遮挡", "通风不畅", "日照不足", "自然通风不足"],
             tags=["采光", "通风", "日照"],
             causes=["景观乔木距住宅过近", "配套用房遮挡", "户型进深过大"],
             measures=["冬至日照时数不足{n}小时", "乔木距外窗仅{n}米", "室内照度不足"],
             fixes=["移植遮挡乔木", "增设机械排风", "对受影响住户协商补偿"],
             trades=["景观分包", "设计院"],
             refs=["GB 50180-2018《城市居住区规划设计标准》", "GB 50096-2011《住宅设计规范》"]),
    ],
    "sales": [
        dict(key="promise", label="销售承诺", code="PROM", unit=False,
             subjects=["会所配套", "学校配套", "景观园林", "商业配套", "地铁站"],
             problems=["口头承诺未兑现", "交付时未建成", "与销售说辞不符"],
             tags=["销售承诺", "配套", "说辞"],
             causes=["置业顾问为促成交易超范围承诺", "销售说辞未经审核", "配套建设依赖政府规划"],
             measures=["共{n}户业主持有相关宣传录音", "涉及{n}0余户业主"],
             fixes=["组织业主沟通会说明配套进度", "对确属承诺未兑现部分协商补偿"],
             trades=["营销管理部", "置业顾问团队"],
             refs=["《商品房销售管理办法》"]),
        dict(key="advertising", label="宣传资料", code="ADV", unit=False,
             subjects=["样板间", "楼书", "沙盘", "宣传折页", "户型图", "售楼处展板"],
             problems=["与交付标准不一致", "标注不清", "夸大宣传", "未标注管井风井"],
             tags=["宣传资料", "样板间", "交付标准"],
             causes=["样板间未标注非交付项", "设计变更后宣传资料未更新", "宣传资料审核流程缺失"],
             measures=["共{n}项与交付标准不一致", "样板间层高比实际高{mm}mm"],
             fixes=["样板间增设交付标准说明牌", "回收并更新宣传资料", "对业主书面说明差异"],
             trades=["营销管理部", "广告公司"],
             refs=["《商品房销售管理办法》"]),
        dict(key="contract", label="合同与附图", code="CONT", unit=False,
             subjects=["合同附图", "精装修交付标准附件", "车位买卖合同", "面积补差条款", "交付时间条款"],
             problems=["与实际不符", "约定不明确", "表述含糊", "漏附"],
             tags=["合同", "附图", "交付标准"],
             causes=["合同附件未经设计复核", "法务审核未覆盖附件"],
             measures=["涉及{n}户合同附件", "面积差异约{pct}%"],
             fixes=["签订补充协议", "出具书面说明并留档"],
             trades=["营销管理部", "法务"],
             refs=["《商品房销售管理办法》"]),
        dict(key="change_notice", label="设计变更告知", code="CHG", unit=False,
             subjects=["外立面材料变更", "户型结构变更", "景观方案调整", "精装修品牌替换", "小区出入口调整"],
             problems=["未及时告知业主", "未履行公示程序", "告知方式不当"],
             tags=["设计变更", "告知", "公示"],
             causes=["设计变更流程未设营销会签", "变更发生后未同步更新销售口径"],
             measures=["变更发生后{days}天才通知业主", "涉及{n}0户业主"],
             fixes=["补发书面变更告知函", "组织业主说明会"],
             trades=["营销管理部", "设计管理部"],
             refs=["集团《设计变更管理办法》"]),
    ],
    "service": [
        dict(key="complaint_handling", label="投诉处理", code="CMP", unit=False,
             subjects=["业主投诉", "群体投诉", "网络投诉", "热线来电"],
             problems=["未在两个工作日内答复", "处理口径不一", "未闭环回访", "升级不及时"],
             tags=["投诉", "时效", "回访"],
             causes=["投诉登记后未及时分派", "责任部门推诿", "未执行投诉七步流程"],
             measures=["首次答复用时{days}天", "同一投诉重复来电{n}次"],
             fixes=["建立投诉台账日清日结", "明确首问负责制"],
             trades=["客户服务部", "物业公司"],
             refs=["集团《客户投诉处理管理办法》"]),
        dict(key="repair_response", label="维修响应", code="REP", unit=True,
             subjects=["户内报修", "渗漏报修", "紧急维修", "公区维修"],
             problems=["响应超时", "同一问题反复维修", "维修后未回访", "责任界定不清"],
             tags=["维修", "响应", "返修"],
             causes=["维修单位人手不足", "维修质量未验收", "总包保修责任未落实"],
             measures=["响应时间超过{hrs}小时", "同一问题维修{n}次"],
             fixes=["设置维修时限并考核", "维修完成后5个工作日内回访"],
             trades=["维修班组", "客户服务部"],
             refs=["集团《保修管理办法》"]),
        dict(key="callback", label="回访", code="CALL", unit=False,
             subjects=["维修完成回访", "质保期到期回访", "交付后回访"],
             problems=["未按时开展", "记录缺失", "流于形式"],
             tags=["回访", "记录"],
             causes=["回访计划未纳入考核", "回访人员流动大"],
             measures=["回访完成率仅{pct}%", "漏访{n}户"],
             fixes=["补充回访并记录", "回访纳入月度考核"],
             trades=["客户服务部"],
             refs=["集团《客户回访管理办法》"]),
        dict(key="delivery_process", label="交付流程", code="DLV", unit=False,
             subjects=["集中交付验房", "交付资料", "钥匙交接", "交付现场"],
             problems=["组织混乱", "排队时间过长", "资料不全", "流程不清"],
             tags=["交付", "流程", "排队"],
             causes=["交付批次安排过密", "陪验人员不足", "交付资料未提前核对"],
             measures=["业主平均排队{hrs}分钟", "单日交付{n}00户"],
             fixes=["分时段预约交付", "增加陪验工程师"],
             trades=["客户服务部", "工程管理部"],
             refs=["集团《集中交付管理办法》"]),
    ],
    "property": [
        dict(key="security", label="安全管理", code="SEC", unit=False,
             subjects=["小区门禁", "监控系统", "车库道闸", "周界报警", "消防通道"],
             problems=["失效", "管理不到位", "被占用", "覆盖不全"],
             tags=["安防", "门禁", "监控"],
             causes=["设备维保不到位", "安保人员配置不足", "系统选型落后"],
             measures=["监控盲区{n}处", "门禁故障持续{days}天"],
             fixes=["更换故障设备", "增设监控点位", "加强巡逻频次"],
             trades=["物业公司", "智能化分包"],
             refs=["《物业管理条例》"]),
        dict(key="cleaning", label="环境卫生", code="CLN", unit=False,
             subjects=["垃圾收集点", "地下车库", "化粪池", "楼道"],
             problems=["设置不当，异味扰民", "清运不及时", "积水脏乱"],
             tags=["卫生", "垃圾", "异味"],
             causes=["垃圾收集点距住宅过近", "清运频次不足"],
             measures=["收集点距住宅外窗仅{n}米", "清运间隔{n}天"],
             fixes=["迁移垃圾收集点", "增加清运频次", "加装除臭设备"],
             trades=["物业公司", "保洁外包"],
             refs=["《物业管理条例》"]),
        dict(key="facilities", label="设施维护", code="FAC", unit=False,
             subjects=["电梯", "二次供水水箱", "景观水泵", "单元门禁电源", "路灯"],
             problems=["故障频发", "维保不到位", "停运"],
             tags=["设施", "维保", "电梯"],
             causes=["维保合同约束不足", "设备质量差", "备件储备不足"],
             measures=["月均故障{n}次", "停运{days}天"],
             fixes=["更换维保单位", "建立设备台账", "储备常用备件"],
             trades=["物业公司", "电梯维保单位"],
             refs=["《物业管理条例》"]),
        dict(key="fees", label="收费", code="FEE", unit=False,
             subjects=["物业收费标准", "车位管理费", "装修保证金", "公摊水电费"],
             problems=["与销售承诺不一致", "公示不清", "收取不合理"],
             tags=["收费", "公示"],
             causes=["销售承诺与物业定价脱节", "收费公示不规范"],
             measures=["实际收费高出承诺{pct}%", "涉及{n}0户"],
             fixes=["规范收费公示", "按承诺标准退还差额"],
             trades=["物业公司", "营销管理部"],
             refs=["《物业管理条例》"]),
    ],
    "other": [
        dict(key="other", label="其他", code="OTH", unit=False,
             subjects=["周边市政道路", "配套学校", "公交线路", "周边垃圾中转站", "高压线走廊", "邻近工地"],
             problems=["延期", "未按规划建设", "影响居住", "未提前告知"],
             tags=["外部配套", "市政", "规划"],
             causes=["市政配套建设进度不可控", "销售时未书面提示外部不利因素"],
             measures=["延期{n}个月", "涉及{n}0余户"],
             fixes=["协调政府部门推进", "书面告知业主进展"],
             trades=["营销管理部", "报建部门"],
             refs=["集团《不利因素公示管理规定》"]),
    ],
}

# Stage-specific prevention measures; {s} subject, {t} tag.
STAGE_MEASURES = {
    "design": ["设计评审时将{s}列入专项检查清单逐项核对", "施工图增加{s}节点大样，明确尺寸与做法",
               "方案阶段组织客服、物业参与评审，提前识别{t}风险",
               "按集团《住宅产品设计标准》复核{s}设计参数"],
    "construction": ["{s}施工前先做样板，经监理与建设单位验收后方可大面积施工",
                     "隐蔽工程验收拍照留档，{t}相关工序全数检查",
                     "对分包单位进行{t}专项技术交底并签字确认", "工序交接执行三检制，未经验收不得进入下道工序"],
    "sales": ["涉及{s}的销售说辞由营销管理部统一审定，不得口头承诺",
              "在售楼处显著位置公示{s}现状与规划，并由客户签字确认", "合同附件明确{s}的交付标准"],
    "delivery": ["交付前组织交付风险检查，对{s}逐户排查", "建立{t}问题维修台账，48小时内响应并回访",
                 "集中交付设置专项接待岗，统一答复口径"],
    "property": ["物业公司将{s}纳入日常巡检，每月记录运行状态", "制定{t}应急预案并每半年演练一次",
                 "承接查验时对{s}逐项核验并移交资料"],
}

IMPACTS = [
    "影响业主正常使用，易引发群体投诉和维权。", "整改需入户施工，协调难度大、周期长，影响客户满意度。",
    "问题具有批量性，同一项目多个楼栋同时出现。", "处理不当可能引发媒体曝光，损害品牌形象。",
    "返修成本远高于前期预防成本。", "业主对产品品质信任度下降，影响后续销售。",
]
PUBLIC_AREAS = ["地下车库B1层", "地下车库B2层", "中心景观区", "单元入户大堂", "小区北侧主入口",
                "架空层", "售楼处", "物业服务中心", "南侧围墙外", "屋面设备层"]
GRADE_B_REASONS = ["现场条件不具备整改可能", "整改需破坏结构安全，风险大于收益",
                   "问题属设计标准范围内，业主诉求超出合同约定", "整改成本与效果不匹配"]
OWNER_RESPONSES = ["业主对处理进度表示认可", "业主要求书面答复", "业主要求延长保修期", "业主情绪较为激动",
                   "业委会已介入协调"]

# Project names from fictional word parts.
NAME_A = list("澜云锦翠璟檀悦溪瀚铂御星朗泊玺融")
NAME_B = list("岸栖城庭湖山林樾园苑江月辰境")
NAME_C = ["华府", "湾", "东郡", "雅苑", "公馆", "花园", "名邸", "天著", "里", "壹号", "学府", "春晓"]
CITIES = ["杭州", "苏州", "成都", "南京", "武汉", "西安", "重庆", "长沙", "合肥", "宁波", "无锡",
          "佛山", "郑州", "青岛", "济南", "昆明"]
GROUPS = ["锦程置业", "华澜地产", "云筑置业", "璟泰地产"]
PRODUCT_TYPES = ["高层", "小高层", "洋房", "叠拼别墅", "联排别墅", "商业"]
PHASE_NAMES = ["一期", "二期", "三期"]

# --------------------------------------------------------------------------
# YAML text helpers
# --------------------------------------------------------------------------

_PLAIN_OK = re.compile(r"^[\u3400-\u9fff\uff08\uff09\u3001\uff0c\u3002\u300a\u300bA-Za-z]"
                       r"[\u3400-\u9fff\uff08\uff09\u3001\uff0c\u3002\u300a\u300b\uff1b\u00d7A-Za-z0-9_ .\-·/%℃]*$")
_RETYPABLE = re.compile(r"^(y|n|yes|no|on|off|true|false|null|~)$", re.I)


def scalar(text: str) -> str:
    """A single-line scalar: plain when unambiguous, else double-quoted."""
    if _PLAIN_OK.match(text) and not _RETYPABLE.match(text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def block(key: str, text: str, indent: str = "") -> str:
    """A literal block scalar; text lines must not start with spaces."""
    pad = indent + "  "
    return f"{indent}{key}: |\n" + "".join(pad + line + "\n" if line else "\n"
                                           for line in text.split("\n"))


def seq(key: str, items: list[str], indent: str = "") -> str:
    return f"{indent}{key}:\n" + "".join(f"{indent}  - {scalar(i)}\n" for i in items)


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def split_counts(rng: random.Random, total: int, parts: int, floor_each: int) -> list[int]:
    """Split total into parts, each >= floor_each (if possible), weighted randomly."""
    base = min(floor_each, total // parts)
    rest = total - base * parts
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    wsum = sum(weights)
    shares = [rest * w / wsum for w in weights]
    counts = [base + int(s) for s in shares]
    left = total - sum(counts)
    order = sorted(range(parts), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in order[:left]:
        counts[i] += 1
    return counts


def fill(template: str, rng: random.Random, subject: str = "", tag: str = "") -> str:
    return template.format(
        mm=rng.randint(3, 40) * 10, mm2=rng.randint(6, 30) * 100, w=round(rng.uniform(0.1, 1.5), 1),
        pct=rng.randint(8, 60), n=rng.randint(2, 12), mins=rng.randint(3, 12) * 10,
        db=rng.randint(38, 62), hrs=rng.randint(24, 96), area=round(rng.uniform(0.5, 12.0), 1),
        days=rng.randint(3, 30), fl=rng.randint(2, 28), s=subject, t=tag,
    )


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class Corpus:
    def __init__(self, n_cases: int, seed: int, n_projects: int | None = None, n_phases: int | None = None,
                 n_types: int | None = None):
        self.n_cases = n_cases
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_defects = n_types or max(5, n_cases // 20)
        self.n_projects = n_projects or max(1, n_cases // 100)
        self.n_phases = n_phases

    # -- defect types ------------------------------------------------------
    def make_defects(self) -> list[dict]:
        rng = self.rng
        cats = CATEGORIES
        # per-category counts: first one each category (as far as possible), rest by share
        counts = [0] * len(cats)
        for i in range(min(self.n_defects, len(cats))):
            counts[i] += 1
        rest = self.n_defects - sum(counts)
        shares = [rest * c[3] for c in cats]
        for i, s in enumerate(shares):
            counts[i] += int(s)
        left = self.n_defects - sum(counts)
        for i in sorted(range(len(cats)), key=lambda i: shares[i] - int(shares[i]), reverse=True)[:left]:
            counts[i] += 1

        defects = []
        used_titles: set[str] = set()
        origin_cycle = 0
        for (ckey, _clabel, ccode, _share, corigin, _sources, cdepts), count in zip(cats, counts):
            subs = SUBCATS[ckey]
            numbers = {sub["code"]: 0 for sub in subs}
            for j in range(count):
                sub = subs[j % len(subs)] if j < len(subs) else rng.choice(subs)
                numbers[sub["code"]] += 1
                number = numbers[sub["code"]]
                if number > 999:
                    raise SystemExit(f"too many defect types for prefix {ccode}{sub['code']}")
                did = f"D-{ccode}{sub['code']}-{number:03d}"
                subject = rng.choice(sub["subjects"])
                title = subject + rng.choice(sub["problems"])
                tries = 0
                while title in used_titles and tries < 10:
                    subject = rng.choice(sub["subjects"])
                    title = subject + rng.choice(sub["problems"])
                    tries += 1
                if title in used_titles:
                    title = f"{title}（{rng.choice(PRODUCT_TYPES)}）"
                used_titles.add(title)
                origin = corigin
                if ckey == "other":
                    origin = OTHER_ORIGINS[origin_cycle % len(OTHER_ORIGINS)]
                    origin_cycle += 1
                elif ckey == "engineering" and rng.random() < 0.15:
                    origin = "design"
                defects.append(dict(id=did, category=ckey, sub=sub, subject=subject, title=title,
                                    origin=origin, depts=cdepts, sources=_sources))
        # Zipf ranks: a seeded permutation so the big recurring types are spread over categories
        order = list(range(len(defects)))
        rng.shuffle(order)
        for rank, idx in enumerate(order, start=1):
            defects[idx]["rank"] = rank
        by_sub: dict[str, list[str]] = {}
        for d in defects:
            by_sub.setdefault(d["sub"]["code"] + d["category"], []).append(d["id"])
        for d in defects:
            peers = [p for p in by_sub[d["sub"]["code"] + d["category"]] if p != d["id"]]
            d["related"] = rng.sample(peers, min(len(peers), rng.choice([0, 0, 1, 2])))
        return defects

    def defect_yaml(self, d: dict, english: bool) -> str:
        rng = self.rng
        sub = d["sub"]
        cat = next(c for c in CATEGORIES if c[0] == d["category"])
        tags = rng.sample(sub["tags"], min(len(sub["tags"]), rng.randint(2, 4)))
        lab = (lambda k, table: k) if english else (lambda k, table: table[k])
        # prevention: origin + 1-2 other stages, preferring design/construction
        stages = [d["origin"]]
        others = [s for s in ("construction", "design", "delivery", "sales", "property") if s != d["origin"]]
        weights = [4 if s in ("construction", "design") else 1 for s in others]
        n_stages = rng.randint(2, 3)
        while len(stages) < n_stages:
            pick = rng.choices(others, weights)[0]
            if pick not in stages:
                stages.append(pick)
        causes = rng.sample(sub["causes"], min(len(sub["causes"]), rng.randint(2, 4)))
        desc_lines = [
            f"{d['title']}，是{cat[1]}类中反复出现的问题。"
            f"典型表现为{fill(rng.choice(sub['measures']), rng)}，多在{rng.choice(list(SOURCES.values()))}时暴露。",
            f"常见于{rng.choice(PRODUCT_TYPES)}产品，涉及{'、'.join(rng.sample(sub['trades'], 1))}等责任单位。",
        ]
        out = [f"id: {d['id']}\n", f"title: {scalar(d['title'])}\n",
               f"category: {cat[0] if english else cat[1]}\n",
               f"subcategory: {sub['key'] if english else sub['label']}\n",
               f"origin: {lab(d['origin'], STAGES)}\n",
               block("description", "\n".join(desc_lines)),
               block("impact", "".join(rng.sample(IMPACTS, 2))),
               seq("causes", causes),
               "prevention:\n"]
        for st in stages:
            ms = rng.sample(STAGE_MEASURES[st], rng.randint(1, 3))
            out.append(f"  {lab(st, STAGES)}:\n")
            out.extend(f"    - {scalar(fill(m, rng, d['subject'], rng.choice(tags)))}\n" for m in ms)
        out.append(seq("departments", [lab(k, DEPARTMENTS) for k in d["depts"][:rng.randint(1, len(d['depts']))]]))
        out.append(seq("locations", rng.sample(sub["subjects"], min(2, len(sub["subjects"])))))
        out.append(seq("tags", tags))
        out.append(seq("references", sub["refs"][:rng.randint(1, len(sub["refs"]))]))
        if d["related"]:
            out.append(seq("related", d["related"]))
        return "".join(out)

    # -- projects ----------------------------------------------------------
    def make_projects(self) -> list[dict]:
        rng = self.rng
        width = max(3, len(str(self.n_projects)))
        names = [a + b + c for a in NAME_A for b in NAME_B for c in NAME_C]
        rng.shuffle(names)
        per_project = split_counts(rng, self.n_cases, self.n_projects, 30)
        projects = []
        for i, count in enumerate(per_project):
            code = f"P{i + 1:0{width}d}"
            name = names[i % len(names)]
            if i >= len(names):
                name += f"{i // len(names) + 1}区"
            city = rng.choice(CITIES)
            n_phases = rng.choices([1, 2, 3], [35, 40, 25])[0]
            n_phases = self.n_phases or max(1, min(n_phases, count // 30))
            span = (LAST_DELIVERY - FIRST_DELIVERY).days - (n_phases - 1) * 540
            delivered = FIRST_DELIVERY + dt.timedelta(days=rng.randint(0, span))
            phases = []
            for p in range(n_phases):
                if p:
                    delivered = min(delivered + dt.timedelta(days=rng.randint(240, 540)), LAST_DELIVERY)
                phases.append(dict(phase=p + 1, name=PHASE_NAMES[p], delivered=delivered))
            product_types = sorted(rng.sample(PRODUCT_TYPES[:5], rng.randint(1, 3)), key=PRODUCT_TYPES.index)
            high = any(t in ("高层", "小高层") for t in product_types)
            projects.append(dict(
                code=code, name=name, city=city,
                company=f"{rng.choice(GROUPS)}（{city}）有限公司",
                product_types=product_types, phases=phases,
                phase_counts=split_counts(rng, count, n_phases, 30),
                buildings=rng.randint(6, 32), floors=rng.randint(18, 33) if high else rng.randint(4, 11),
                units=rng.randint(1, 3), id_width=max(3, len(str(count))),
            ))
        return projects

    @staticmethod
    def project_yaml(p: dict) -> str:
        out = [f"code: {p['code']}\n", f"name: {scalar(p['name'])}\n", f"city: {scalar(p['city'])}\n",
               f"company: {scalar(p['company'])}\n", f"product_types: [{', '.join(p['product_types'])}]\n",
               "phases:\n"]
        for ph in p["phases"]:
            out.append(f"  - phase: {ph['phase']}\n    name: {ph['name']}\n"
                       f"    delivered: {ph['delivered'].isoformat()}\n")
        return "".join(out)

    # -- cases -------------------------------------------------------------
    def make_case(self, p: dict, phase: dict, number: int, d: dict) -> str:
        rng = self.rng
        english = rng.random() < ENGLISH_SHARE
        sub = d["sub"]
        cat = next(c for c in CATEGORIES if c[0] == d["category"])
        delivered = phase["delivered"]

        # source and found date consistent with delivery
        sources, sweights = zip(*cat[5].items())
        source = rng.choices(sources, sweights)[0]
        lo, hi = SOURCE_WINDOWS[source]
        lo = max(lo, (FIRST_DAY - delivered).days)
        hi = min(hi, (LAST_DAY - delivered).days)
        if lo > hi:  # window outside 2016..2025: fall back to the handover inspection
            source, (lo, hi) = "handover", SOURCE_WINDOWS["handover"]
        found = delivered + dt.timedelta(days=rng.randint(lo, hi))

        # severity and the numbers that go with it
        big = d["rank"] <= 10
        sev = rng.choices(["general", "hot", "major", "crisis"],
                          [30, 30, 30, 10] if big else [52, 32, 13, 3])[0]
        grave = sev in ("major", "crisis")
        if grave:
            households = rng.choice([rng.randint(20, 120), rng.randint(100, 980), rng.randint(1, 19)])
            complaints = rng.randint(0, max(1, households // 3))
            compensation = rng.choice([0, rng.randint(5, 300) * 1000])
        else:
            households = rng.choice([1, 1, 1, 2, 3, rng.randint(1, 19)])
            complaints = rng.randint(0, min(9, households + 2))
            compensation = rng.choice([0, 0, 0, rng.randint(1, 40) * 500])
        cost = rng.randint(1, 60) * 500 * max(1, households // 4)

        # status by age of the case
        age = (LAST_DAY - found).days
        p_closed = 0.3 if age < 90 else 0.7 if age < 365 else 0.93
        status = "closed" if rng.random() < p_closed else rng.choice(["open", "decided", "rectifying"])
        grade = None if status == "open" else ("A" if rng.random() < 0.65 else "B")
        closed = min(found + dt.timedelta(days=rng.randint(3, 200)), LAST_DAY) if status == "closed" else None

        # location
        if sub["unit"]:
            fl = rng.randint(1, p["floors"])
            location = (f"{rng.randint(1, p['buildings'])}栋{rng.randint(1, p['units'])}单元"
                        f"{fl:02d}{rng.randint(1, 4):02d}")
            where = location
        else:
            location = rng.choice(PUBLIC_AREAS)
            where = f"{rng.randint(1, p['buildings'])}栋周边{location}" if rng.random() < 0.3 else location
        tag = rng.choice(sub["tags"])
        problem = rng.choice(sub["problems"])
        case_id = f"{p['code']}-{number:0{p['id_width']}d}"
        title = f"{phase['name']}{where if sub['unit'] else location}{d['subject']}{problem}"

        lab = (lambda k, table: k) if english else (lambda k, table: table[k])
        trade = rng.choice(sub["trades"])
        dept = DEPARTMENTS[rng.choice(d["depts"])]

        description = "\n".join([
            f"{cn_date(found)}{SOURCE_PHRASES[source]}，{where}{d['subject']}{problem}。"
            f"现场核查{'，'.join(fill(m, rng) for m in rng.sample(sub['measures'], min(2, len(sub['measures']))))}。",
            f"客户服务部于{rng.randint(2, 24)}小时内完成登记、核实并派单，{dept}于{rng.randint(2, 10)}个工作日内"
            f"会同{trade}提出处理方案，{rng.choice(OWNER_RESPONSES)}。",
            f"{p['name']}{phase['name']}同批次共排查{households + rng.randint(0, 40)}户，"
            f"其中{households}户存在同类问题，累计投诉{complaints}次。{rng.choice(IMPACTS)}",
        ])
        causes = rng.sample(sub["causes"], min(2, len(sub["causes"])))
        cause = (f"经{dept}会同{trade}现场剖析，主要原因是{causes[0]}；"
                 f"{causes[-1]}。此外，"
                 f"{rng.choice(['过程验收流于形式', '交底记录不完整', '监理旁站缺失', '图纸会审未发现该问题'])}。")
        out = [f"id: {case_id}\n"]
        if rng.random() < 0.7:
            out.append(f"project: {p['code']}\n")
        out += [f"defect: {d['id']}\n", f"title: {scalar(title)}\n", f"phase: {phase['phase']}\n",
                f"found: {found.isoformat()}\n", f"source: {lab(source, SOURCES)}\n",
                f"location: {quoted(location)}\n", f"households: {households}\n",
                f"complaints: {complaints}\n", f"cost: {cost}\n"]
        if compensation or rng.random() < 0.3:
            out.append(f"compensation: {compensation}\n")
        out.append(f"severity: {lab(sev, SEVERITIES)}\n")
        if grade:
            out.append(f"grade: {grade}\n")
        out.append(f"status: {lab(status, STATUSES)}\n")
        if closed:
            out.append(f"closed: {closed.isoformat()}\n")
        out.append(block("description", description))
        out.append(block("cause", cause))
        if grade == "A":
            out.append(block("decision",
                             f"缺陷评审会决定按A类处理（必须整改），由{dept}牵头、{trade}实施，"
                             f"计划{rng.randint(7, 60)}天内完成，整改费用约{cost}元由责任单位承担。"))
            steps = rng.sample(sub["fixes"], min(len(sub["fixes"]), rng.randint(2, 3)))
            steps.append("整改完成后由客户服务部组织验收，并在2个工作日内回访"
                         f"{rng.choice(['业主', '受影响住户', '投诉业主'])}。")
            out.append(block("rectification", "\n".join(f"{i}. {s.rstrip('。')}。" for i, s in enumerate(steps, 1))))
        elif grade == "B":
            out.append(block("decision",
                             f"评审认为{rng.choice(GRADE_B_REASONS)}，按B类处理（无需或无法整改）。"
                             f"{'对受影响业主给予补偿' + str(compensation) + '元，' if compensation else ''}"
                             f"由{dept}编制预防措施，纳入{STAGES[d['origin']]}作业指引。"))
        if status == "closed" or rng.random() < 0.5:
            st = rng.choice([d["origin"], "construction", "design"])
            out.append(block("lessons",
                             f"{STAGES[st]}应{fill(rng.choice(STAGE_MEASURES[st]), rng, d['subject'], tag)}。\n"
                             f"同类{d['subject']}问题已在{rng.randint(2, 9)}个项目重复出现，"
                             "应列入新项目设计与施工交底的必查项。"))
        out.append(self.process_fields(case_id, found, status, grade, closed, grave, d["depts"], lab))
        return "".join(out)

    def process_fields(self, case_id: str, found: dt.date, status: str, grade: str | None, closed: dt.date | None,
                       grave: bool, depts: list[str], lab) -> str:
        """The feedback process (issue 9): contact form, decision meeting, plan, replans, verification,
        report to the group. Drawn from a generator of the case's own, so adding these fields left every
        other value of the corpus as it was."""
        rng = random.Random(f"{self.seed}:{case_id}")
        end = closed or LAST_DAY
        out = []
        if grave:  # most reach the group within the 7 days, some late
            out.append(f"reported: {min(found + dt.timedelta(days=rng.choice([1, 2, 3, 5, 6, 12])), LAST_DAY)}\n")
        if rng.random() < 0.15 and status == "closed":
            return "".join(out)  # written before the process was tracked
        raised = min(found + dt.timedelta(days=rng.randint(0, 3)), end)
        out += [f"raised: {raised}\n", f"raised_by: {lab('customer_service', DEPARTMENTS)}\n",
                f"author: {rng.choice(['张敏', '李卫东', '王芳', '陈晓', '刘洋'])}\n"]
        if status == "open":
            return "".join(out)
        decided = min(raised + dt.timedelta(days=rng.randint(1, 7)), end)
        responsible = depts[0]
        due = decided + dt.timedelta(days=rng.randint(20, 90))
        out += [f"decided: {decided}\n", f"attendees: [customer_service, {', '.join(dict.fromkeys(depts))}]\n",
                f"responsible: {lab(responsible, DEPARTMENTS)}\n", f"due: {due}\n"]
        replan = None
        if closed and closed > due:
            replan = closed
        elif not closed and due < LAST_DAY and rng.random() < 0.4:
            replan = due + dt.timedelta(days=rng.randint(15, 60))
        if replan:
            reason, evaluation = rng.choice(REPLAN_REASONS)
            out.append(f"replans:\n  - due: {replan}\n    reason: {reason}\n    evaluation: {evaluation}\n"
                       f"    recorded: {min(due, end)}\n")
        if closed and grade == "A":
            out.append(f"verified:\n  date: {closed}\n  by: {lab('customer_service', DEPARTMENTS)}\n"
                       "  result: 客服回访业主，现场复查合格\n")
        return "".join(out)


def write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb") as fh:
        fh.write(data)
    return len(data)


def prepare_out(out: Path) -> None:
    if out.exists():
        if not out.is_dir():
            raise SystemExit(f"{out} exists and is not a folder")
        if any(out.iterdir()):
            if not (out / MARKER).exists():
                raise SystemExit(f"{out} is not empty and was not made by make_corpus.py; refusing to overwrite")
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, required=True, help="number of cases (N >= 1)")
    ap.add_argument("--out", type=Path, help="output folder (default: benchmarks/corpus-N)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    ap.add_argument("--projects", type=int, help="number of projects (default: N/100, at least 1)")
    ap.add_argument("--phases", type=int, help="phases per project (default: 1-3 at random)")
    ap.add_argument("--types", type=int,
                    help="number of defect types (default: N/20, at least 5); few types and many projects, e.g. "
                         "--cases 20000 --projects 465 --types 12, make each type's page list thousands of cases")
    args = ap.parse_args(argv)
    if args.cases < 1:
        ap.error("--cases must be at least 1")
    out = args.out or Path(__file__).resolve().parent / f"corpus-{args.cases}"

    start = time.perf_counter()
    prepare_out(out)
    corpus = Corpus(args.cases, args.seed, args.projects, args.phases, args.types)
    rng = corpus.rng
    defects = corpus.make_defects()
    projects = corpus.make_projects()

    files = 0
    size = 0
    for d in defects:
        folder = out / "defects" / d["category"]
        folder.mkdir(parents=True, exist_ok=True)
        size += write(folder / f"{d['id']}.yaml", corpus.defect_yaml(d, rng.random() < ENGLISH_SHARE))
        files += 1

    # Zipf-like choice of defect type per case
    cum, acc = [], 0.0
    for d in defects:
        acc += 1.0 / d["rank"] ** ZIPF_EXPONENT
        cum.append(acc)

    for p in projects:
        pdir = out / "cases" / p["code"]
        pdir.mkdir(parents=True)
        size += write(pdir / "project.yaml", corpus.project_yaml(p))
        files += 1
        number = 0
        for phase, count in zip(p["phases"], p["phase_counts"]):
            phdir = pdir / f"phase-{phase['phase']}"
            phdir.mkdir()
            for _ in range(count):
                number += 1
                d = defects[min(bisect.bisect_left(cum, rng.random() * acc), len(defects) - 1)]
                text = corpus.make_case(p, phase, number, d)
                size += write(phdir / f"{p['code']}-{number:0{p['id_width']}d}.yaml", text)
                files += 1

    (out / MARKER).write_text(json.dumps({"cases": args.cases, "seed": args.seed}) + "\n", encoding="utf-8")
    elapsed = time.perf_counter() - start
    print(f"{out}: {args.cases} cases, {len(defects)} defect types, {len(projects)} projects; "
          f"{files} files, {size} bytes ({size / 1e6:.1f} MB) in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
