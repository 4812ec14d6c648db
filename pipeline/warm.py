"""Imported by the batch's fork server: one short notice read through the whole pipeline, so that
every worker forked from it starts with the lexicons loaded and the grammars compiled."""
import taizhang

taizhang.extract("某市人民政府办公室关于做好防汛工作的通知\n各县区人民政府：\n一、落实责任\n"
                 "（一）压实责任。由市水利局牵头，2024年6月30日前完成排查，整改率达到95%。\n"
                 "某市人民政府办公室\n2024年5月1日\n")
