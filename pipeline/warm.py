"""One short notice read through the whole pipeline, by a batch that found no kept grammars: the
grammars it compiled are then kept for the next run (pipeline/pattern_cache.py), whose processes
and pool workers restore them instead of compiling them."""
import taizhang
from taizhang.pipeline import pattern_cache

taizhang.extract("某市人民政府办公室关于做好防汛工作的通知\n某政办发〔2024〕12号\n各县区人民政府：\n"
                 "一、落实责任\n（一）压实责任。由市水利局牵头，2024年6月30日前完成排查，整改率达到95%，"
                 "投入资金1.2亿元。\n附件：1.任务清单\n某市人民政府办公室\n2024年5月1日\n"
                 "（联系人：王某，电话：0000-1234567）\n抄送：市委办公室。\n某市人民政府办公室 2024年5月1日印发\n")
pattern_cache.save()
