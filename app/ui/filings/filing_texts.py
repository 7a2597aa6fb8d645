"""The long texts a filing shows: approval conditions, personal commitment, social-security
notice, and the name of a kind with its specialty.

Wording follows seed 004 (the national system's manual). Kept as ``QT_TRANSLATE_NOOP`` tables
in the ``FilingTexts`` context (as :mod:`app.ui.common.labels` does for codes), so the English
build shows English text; ``{kind}``, ``{name}``... are filled in at display time.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.common.i18n import QT_TRANSLATE_NOOP

CONDITIONS = {
    "common": (
        QT_TRANSLATE_NOOP("FilingTexts", "已取得相应专业的执业资格证书，或已通过考核认定"),
        QT_TRANSLATE_NOOP("FilingTexts", "受聘于一个符合注册单位要求的单位，并已签订劳动合同"),
        QT_TRANSLATE_NOOP("FilingTexts", "受聘单位按期为本人缴纳社会保险"),
        QT_TRANSLATE_NOOP("FilingTexts", "已达到本专业继续教育要求"),
        QT_TRANSLATE_NOOP("FilingTexts", "不存在法律、法规规定不予注册的情形"),
        QT_TRANSLATE_NOOP("FilingTexts", "已上传一寸照片和手写签名"),
    ),
    "initial": (QT_TRANSLATE_NOOP("FilingTexts", "该注册专业从未申报过初始注册"),),
    "change": (QT_TRANSLATE_NOOP("FilingTexts", "已与原聘用单位解除劳动关系，并有解聘证明"),),
    "continuation": (QT_TRANSLATE_NOOP("FilingTexts", "在本类别的延续注册申报期内（见设置）"),),
    "modification": (QT_TRANSLATE_NOOP("FilingTexts", "注册证书需要更改或补办，并说明原因"),),
    "cancellation": (QT_TRANSLATE_NOOP("FilingTexts", "了解注销后注册证书即失效"),),
    "reregistration": (QT_TRANSLATE_NOOP("FilingTexts", "原注册已注销，现申请重新注册"),),
    "addition": (QT_TRANSLATE_NOOP("FilingTexts", "已注册一级建造师，该专业从未注册过"),),
}

COMMITMENT = QT_TRANSLATE_NOOP("FilingTexts", """本人姓名：{name}，身份证号：{id_number}，手机号：{mobile}，申请{kind}注册业务。本人已充分知悉《中华人民共和国行政许可法》等相关法律法规的全部要求，现郑重承诺如下：

1、本人已审慎阅读、充分理解并同意接受注册管理信息系统相关规则，对系统相关规则的修改、调整均予以接受。
2、本人同意以电子申报方式申请注册业务。
3、本人认证及申请事项均为本人办理，提供的申报信息及材料真实有效。
4、本人已通过考试、特许、考核认定等方式取得相应执业资格证书，并在考试报名、笔试等环节均不存在违法违规行为。
5、本人承诺受聘于{employer}，该受聘单位符合有关主管部门规定的注册单位要求，且为本人唯一受聘单位。
6、本人已依法与受聘单位签订劳动合同，由受聘单位按期缴纳社保（退休等情形除外），本人对受聘情况的真实性、合法性负责。
7、本人已按照有关规定完成继续教育学习，达到本专业继续教育要求。
8、本人不存在因从事相关业务受到刑事处罚，自刑事处罚执行完毕之日起至申请注册之日止不满二年的情形。
9、本人不存在法律、法规规定不予注册的其他情形。
10、本人所填信息及提交材料均真实、合法、有效，并愿意配合对申请内容的调查、核查、核验。
11、本人承诺经注册取得注册证书后，依法依规从事执业活动。
12、本人愿意承担不实承诺、未履行承诺、违反承诺、隐瞒有关情况、提供虚假材料或违法违规执业的全部法律责任，接受有关主管部门的各项惩戒措施。
13、本人已知晓并同意，若出现上述行为，相关信息将被作为失信信息记录在有关公共信用信息服务平台，并依法依规向社会公示。
14、本人具有完全民事行为能力，以上承诺均为本人真实意思表示。""")

SOCIAL_SECURITY = QT_TRANSLATE_NOOP("FilingTexts", "按照注册管理规定要求，经核查，您的社保缴纳情况异常。\n\n是否继续申报？如继续申报，请点“确定”，同时承诺只受聘于本单位并缴纳社保，未受聘于其他单位或在其他单位缴纳社保，如有虚假，愿承担一切责任。如不继续申报，请点“取消”。")


def _tr(source: str) -> str:
    return QCoreApplication.translate("FilingTexts", source)


def conditions(filing_type: str) -> list[str]:
    """The approval conditions the applicant ticks for ``filing_type``."""
    return [_tr(t) for t in (*CONDITIONS["common"], *CONDITIONS.get(filing_type, ()))]


def commitment(*, name: str, id_number: str, mobile: str, kind: str, employer: str) -> str:
    """The personal commitment (个人承诺书), filled in."""
    return _tr(COMMITMENT).format(name=name, id_number=id_number, mobile=mobile, kind=kind,
                                  employer=employer)


def social_security_notice() -> str:
    return _tr(SOCIAL_SECURITY)

