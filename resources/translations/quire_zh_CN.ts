<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Quire</source>
        <translation>关于 Quire</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>未说明</translation>
    </message>
    <message>
        <source>Quire {version}</source>
        <translation>Quire {version}</translation>
    </message>
    <message>
        <source>Quire translates, summarizes, answers questions about and classifies text offline, with models that run on this computer.</source>
        <translation>Quire 使用在本机运行的模型，离线完成文本的翻译、摘要、问答和分类。</translation>
    </message>
    <message>
        <source>Python {python} on {system} · Qt {qt} · PySide6 {pyside}</source>
        <translation>Python {python}，{system} · Qt {qt} · PySide6 {pyside}</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Engine and runtime</source>
        <translation>引擎与运行时</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <source>No model is installed.</source>
        <translation>尚未安装任何模型。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>not recorded (imported; see its model card)</source>
        <translation>未记录（导入的模型；请查看其模型卡片）</translation>
    </message>
    <message>
        <source>A model&apos;s licence governs what you may do with its output; check it before commercial use.</source>
        <translation>模型的许可证决定了你可以如何使用其输出；商业使用前请查阅。</translation>
    </message>
</context>
<context>
    <name>AskPane</name>
    <message>
        <source>Ask</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>&amp;Question:</source>
        <translation>问题(&amp;Q)：</translation>
    </message>
    <message>
        <source>What do you want to know?</source>
        <translation>你想知道什么？</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Type, paste or drop the text to search</source>
        <translation>输入、粘贴或拖入要查找答案的文本</translation>
    </message>
    <message>
        <source>Text to search for the answer</source>
        <translation>要查找答案的文本</translation>
    </message>
    <message>
        <source>&amp;Answers:</source>
        <translation>答案(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Passages:</source>
        <translation>段落(&amp;P)：</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Passages</source>
        <translation>段落</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>S&amp;ources:</source>
        <translation>来源(&amp;O)：</translation>
    </message>
    <message>
        <source>No question-answering model is installed, so only passage search is available: these are the passages closest to your question, not answers.</source>
        <translation>尚未安装问答模型，因此只能搜索段落：以下是与你的问题最接近的段落，而不是答案。</translation>
    </message>
    <message>
        <source>No question-answering model is installed. Download one (for example distilbert-base-cased-distilled-squad) from the catalog, or import one.</source>
        <translation>尚未安装问答模型。请从模型目录下载一个（例如 distilbert-base-cased-distilled-squad），或导入一个。</translation>
    </message>
    <message>
        <source>Find a question-answering model…</source>
        <translation>查找问答模型…</translation>
    </message>
    <message>
        <source>Find a question-answering model in the catalog</source>
        <translation>在目录中查找问答模型</translation>
    </message>
    <message>
        <source>Type a question</source>
        <translation>请输入问题</translation>
    </message>
    <message>
        <source>Type or drop the text to search</source>
        <translation>请输入或拖入要查找的文本</translation>
    </message>
    <message>
        <source>&amp;Answer:</source>
        <translation>答案(&amp;A)：</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>relevance {score:.2f}</source>
        <translation>相关度 {score:.2f}</translation>
    </message>
    <message>
        <source>{score:.0%} sure</source>
        <translation>置信度 {score:.0%}</translation>
    </message>
    <message>
        <source>No answer found in the text.</source>
        <translation>文本中没有找到答案。</translation>
    </message>
    <message>
        <source>Passages r&amp;ead:</source>
        <translation>读过的段落(&amp;E)：</translation>
    </message>
    <message>
        <source>Passages read</source>
        <translation>读过的段落</translation>
    </message>
    <message>
        <source>Not in the document: the passages found do not answer it.</source>
        <translation>文档中没有：找到的段落无法回答这个问题。</translation>
    </message>
    <message>
        <source>Show this passage in the text</source>
        <translation>在文本中显示这一段</translation>
    </message>
    <message>
        <source>The history keeps the question, not the text it was asked about: paste or open that text again.</source>
        <translation>历史记录只保存问题，不保存提问所针对的文本：请重新粘贴或打开该文本。</translation>
    </message>
</context>
<context>
    <name>BatchQueue</name>
    <message>
        <source>The glossary is for {languages}, not {language}: not used for this file.</source>
        <translation>术语表适用于{languages}，而非{language}：此文件未使用术语表。</translation>
    </message>
</context>
<context>
    <name>BusyRow</name>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>What Quire is doing</source>
        <translation>Quire 正在做什么</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>{progress} (round {round})</source>
        <translation>{progress}（第 {round} 轮）</translation>
    </message>
    <message>
        <source>{progress}, about {time} left</source>
        <translation>{progress}，约剩 {time}</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在撰写…</translation>
    </message>
</context>
<context>
    <name>Catalog</name>
    <message>
        <source>OPUS-MT en→de (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 英→德（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT de→en (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 德→英（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT en→zh (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 英→中（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT zh→en (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 中→英（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT en→fr (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 英→法（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT fr→en (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 法→英（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>OPUS-MT en→es (Helsinki-NLP Marian), fast and small</source>
        <translation>OPUS-MT 英→西（Helsinki-NLP Marian），快速小巧</translation>
    </message>
    <message>
        <source>NLLB-200 distilled 600M (Meta): any of 200 languages to any other; non-commercial licence</source>
        <translation>NLLB-200 蒸馏版 600M（Meta）：200 种语言之间任意互译；非商业许可</translation>
    </message>
    <message>
        <source>DistilBART CNN/DailyMail 6-6: English news-style summaries</source>
        <translation>DistilBART CNN/DailyMail 6-6：新闻风格的英文摘要</translation>
    </message>
    <message>
        <source>T5-small: short English summaries; also translates English to German, French and Romanian</source>
        <translation>T5-small：简短的英文摘要；也能把英语译成德语、法语和罗马尼亚语</translation>
    </message>
    <message>
        <source>DistilBERT SQuAD: extractive English question answering, small and fast</source>
        <translation>DistilBERT SQuAD：抽取式英文问答，小巧快速</translation>
    </message>
    <message>
        <source>RoBERTa-base SQuAD 2.0 (deepset): English question answering that can say &apos;no answer&apos;</source>
        <translation>RoBERTa-base SQuAD 2.0（deepset）：英文问答，找不到答案时会说“无答案”</translation>
    </message>
    <message>
        <source>BART-large MNLI (Meta): English zero-shot classification into your own labels</source>
        <translation>BART-large MNLI（Meta）：按你自己的标签做英文零样本分类</translation>
    </message>
    <message>
        <source>DeBERTa-v3 xsmall NLI (cross-encoder): light English zero-shot classification</source>
        <translation>DeBERTa-v3 xsmall NLI（交叉编码器）：轻量的英文零样本分类</translation>
    </message>
    <message>
        <source>all-MiniLM-L6-v2: English sentence embeddings for search and extractive summaries</source>
        <translation>all-MiniLM-L6-v2：英文句向量，用于搜索和抽取式摘要</translation>
    </message>
    <message>
        <source>Multilingual MiniLM-L12 paraphrase embeddings (50+ languages)</source>
        <translation>多语言 MiniLM-L12 释义句向量（50 多种语言）</translation>
    </message>
    <message>
        <source>Qwen2.5 0.5B Instruct: a small instruction (chat) model for summaries, answers with citations, translation and zero-shot labels in 29+ languages</source>
        <translation>Qwen2.5 0.5B Instruct：小型指令（对话）模型，可用 29 种以上语言做摘要、带引用的回答、翻译和零样本分类</translation>
    </message>
    <message>
        <source>Qwen3 0.6B: a small instruction (chat) model with a thinking mode, multilingual</source>
        <translation>Qwen3 0.6B：带思考模式的小型指令（对话）模型，支持多种语言</translation>
    </message>
    <message>
        <source>Llama 3.2 1B Instruct (Meta): instruction (chat) model; Llama 3.2 Community License, with Meta&apos;s acceptable use policy</source>
        <translation>Llama 3.2 1B Instruct（Meta）：指令（对话）模型；采用 Llama 3.2 社区许可证，并须遵守 Meta 的可接受使用政策</translation>
    </message>
    <message>
        <source>SmolLM2 360M Instruct (Hugging Face): a very small English instruction (chat) model</source>
        <translation>SmolLM2 360M Instruct（Hugging Face）：非常小的英文指令（对话）模型</translation>
    </message>
</context>
<context>
    <name>CatalogTab</name>
    <message>
        <source>Search by name, language (en-de) or task</source>
        <translation>按名称、语言（en-de）或任务搜索</translation>
    </message>
    <message>
        <source>Search the catalog</source>
        <translation>搜索模型目录</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>所有任务</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Summarization</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Question answering</source>
        <translation>问答</translation>
    </message>
    <message>
        <source>Zero-shot classification</source>
        <translation>零样本分类</translation>
    </message>
    <message>
        <source>Sentence embeddings</source>
        <translation>句向量</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Fits this computer</source>
        <translation>是否适合本机</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Catalog models</source>
        <translation>目录中的模型</translation>
    </message>
    <message>
        <source>About the model</source>
        <translation>关于此模型</translation>
    </message>
    <message>
        <source>Variant to download</source>
        <translation>要下载的变体</translation>
    </message>
    <message>
        <source>Download the selected model</source>
        <translation>下载所选模型</translation>
    </message>
    <message>
        <source>Offline mode is on: downloads are off (Settings).</source>
        <translation>离线模式已开启：无法下载（见设置）。</translation>
    </message>
    <message>
        <source>Discard partial download</source>
        <translation>丢弃未完成的下载</translation>
    </message>
    <message>
        <source>Delete the files a stopped download of the selected model kept</source>
        <translation>删除所选模型中断的下载所保留的文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the download of {name}</source>
        <translation>取消下载 {name}</translation>
    </message>
    <message>
        <source>Download of {name}</source>
        <translation>{name} 的下载</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Instruction model (every task)</source>
        <translation>指令模型（适用于所有任务）</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>适合</translation>
    </message>
    <message>
        <source>slow</source>
        <translation>较慢</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>内存不足</translation>
    </message>
    <message>
        <source>needs about {need}; free memory unknown</source>
        <translation>约需 {need}；可用内存未知</translation>
    </message>
    <message>
        <source>needs about {need}, only {free} of video memory free</source>
        <translation>约需 {need}，但可用显存只有 {free}</translation>
    </message>
    <message>
        <source>needs about {need}, only {free} of memory free</source>
        <translation>约需 {need}，但可用内存只有 {free}</translation>
    </message>
    <message>
        <source>needs about {need} of {free} free: expect it to be slow</source>
        <translation>约需 {need}，可用 {free}：运行会比较慢</translation>
    </message>
    <message>
        <source>needs about {need}, {free} of video memory free</source>
        <translation>约需 {need}，可用显存 {free}</translation>
    </message>
    <message>
        <source>needs about {need}, {free} of memory free</source>
        <translation>约需 {need}，可用内存 {free}</translation>
    </message>
    <message>
        <source>{fit}; fp16 runs slowly on a CPU</source>
        <translation>{fit}；fp16 在 CPU 上运行较慢</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Waiting to download…</source>
        <translation>等待下载…</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Partly downloaded ({size})</source>
        <translation>部分已下载（{size}）</translation>
    </message>
    <message>
        <source>Choose a model to see what it does and how it fits.</source>
        <translation>选择一个模型，查看它的用途以及是否适合本机。</translation>
    </message>
    <message>
        <source>Resume download</source>
        <translation>继续下载</translation>
    </message>
    <message>
        <source>Resume the stopped download of the selected model</source>
        <translation>继续所选模型中断的下载</translation>
    </message>
    <message>
        <source>Delete the {size} kept by the stopped download of {name}? Downloading it again starts from the beginning.</source>
        <translation>要删除 {name} 已停止的下载所保留的 {size} 吗？再次下载将从头开始。</translation>
    </message>
    <message>
        <source>{name}: waiting…</source>
        <translation>{name}：等待中…</translation>
    </message>
    <message>
        <source>{name}: connecting…</source>
        <translation>{name}：正在连接…</translation>
    </message>
    <message>
        <source>{name}: {done} of {total}</source>
        <translation>{name}：{done} / {total}</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>约剩 {time}</translation>
    </message>
    <message>
        <source>{name}: checking and installing…</source>
        <translation>{name}：正在校验并安装…</translation>
    </message>
    <message>
        <source>{name} was downloaded and is installed.</source>
        <translation>{name} 已下载并安装。</translation>
    </message>
</context>
<context>
    <name>ClassifyPane</name>
    <message>
        <source>Classify</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>No classification model is installed. Download a classifier, an NLI model or a sentence-embedding model from the catalog, or import one.</source>
        <translation>尚未安装分类模型。请从模型目录下载分类器、NLI 模型或句向量模型，或导入一个。</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Optional: labels, separated by commas</source>
        <translation>可选：标签，用逗号分隔</translation>
    </message>
    <message>
        <source>Labels to choose from</source>
        <translation>可选标签</translation>
    </message>
    <message>
        <source>Leave empty to use a fine-tuned classifier&apos;s own labels; an NLI, sentence-embedding or instruction model needs yours (zero-shot).</source>
        <translation>留空则使用微调分类器自带的标签；NLI 模型、句向量模型或指令模型需要你给出标签（零样本）。</translation>
    </message>
    <message>
        <source>Scores of the labels</source>
        <translation>各标签的得分</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Explain the result with a heat map</source>
        <translation>用热力图解释结果</translation>
    </message>
    <message>
        <source>Type, paste or drop the text to classify</source>
        <translation>输入、粘贴或拖入要分类的文本</translation>
    </message>
    <message>
        <source>Text to classify</source>
        <translation>要分类的文本</translation>
    </message>
    <message>
        <source>Labels, best first</source>
        <translation>标签（按得分排序）</translation>
    </message>
    <message>
        <source>Label scores</source>
        <translation>标签得分</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Explanation heat map</source>
        <translation>解释热力图</translation>
    </message>
    <message>
        <source>Classify to see which words decided the label.</source>
        <translation>分类后可查看哪些词决定了标签。</translation>
    </message>
    <message>
        <source>Tick Explain to see which words decided the label.</source>
        <translation>勾选“解释”可查看哪些词决定了标签。</translation>
    </message>
    <message>
        <source>Red words pushed towards “{label}”, blue words away from it.</source>
        <translation>红色的词使结果偏向“{label}”，蓝色的词使结果远离它。</translation>
    </message>
    <message>
        <source>The text is longer than the model reads; its end was left out.</source>
        <translation>文本超出了模型能读取的长度，结尾部分未被读取。</translation>
    </message>
    <message>
        <source>The text is longer than the model reads: only its beginning, less than 1 % of it, was classified.</source>
        <translation>文本超出了模型能读取的长度：只对开头部分（不到全文的 1%）进行了分类。</translation>
    </message>
    <message>
        <source>The text is longer than the model reads: only its beginning, about {percent} % of it, was classified.</source>
        <translation>文本超出了模型能读取的长度：只对开头部分（约占全文的 {percent}%）进行了分类。</translation>
    </message>
    <message>
        <source>Each label is scored on its own (they need not add up to 100 %).</source>
        <translation>每个标签单独评分（总和不一定是 100%）。</translation>
    </message>
    <message>
        <source>Type or drop some text to classify</source>
        <translation>请输入或拖入要分类的文本</translation>
    </message>
    <message>
        <source>{task}: {label}, score {score}</source>
        <translation>{task}：{label}，得分 {score}</translation>
    </message>
    <message>
        <source>Working out which words decided the label…</source>
        <translation>正在分析哪些词决定了这个标签…</translation>
    </message>
</context>
<context>
    <name>GlossaryDialog</name>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>术语</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>Glossary terms</source>
        <translation>术语表条目</translation>
    </message>
    <message>
        <source>&amp;Add term</source>
        <translation>添加术语(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the selected terms</source>
        <translation>删除所选术语</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add terms from a CSV file or a TBX termbase</source>
        <translation>从 CSV 文件或 TBX 术语库添加术语</translation>
    </message>
    <message>
        <source>Glossaries (*.csv *.tsv *.txt *.tbx);;CSV or tab-separated text (*.csv *.tsv *.txt);;TBX termbases (*.tbx);;All files (*)</source>
        <translation>术语表 (*.csv *.tsv *.txt *.tbx);;CSV 或制表符分隔的文本 (*.csv *.tsv *.txt);;TBX 术语库 (*.tbx);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n term(s) left out: the termbase translates each two ways (%1).</source>
        <translation>
            <numerusform>%n 个术语未导入：术语库对每个都给了两种译法（%1）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Discard the changes to the glossary?</source>
        <translation>放弃对术语表的更改吗？</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <source>Terms translated your way when text and files are translated between the languages below. Leave the translation empty to keep a term as it is (a name, a brand).</source>
        <translation>在下列语言之间翻译文本和文件时，按你的方式翻译这些术语。译文留空则保持术语原样（如人名、品牌）。</translation>
    </message>
    <message>
        <source>For translations &amp;from</source>
        <translation>用于翻译：从(&amp;F)</translation>
    </message>
    <message>
        <source>The glossary&apos;s source language</source>
        <translation>术语表的源语言</translation>
    </message>
    <message>
        <source>i&amp;nto</source>
        <translation>译为(&amp;N)</translation>
    </message>
    <message>
        <source>The glossary&apos;s target language</source>
        <translation>术语表的目标语言</translation>
    </message>
    <message>
        <source>Any language</source>
        <translation>任意语言</translation>
    </message>
    <message>
        <source>Import a glossary</source>
        <translation>导入术语表</translation>
    </message>
    <message>
        <source>Export the glossary</source>
        <translation>导出术语表</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search the history</source>
        <translation>搜索历史记录</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>清除搜索</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Past results</source>
        <translation>以往结果</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Export the history as JSON or CSV</source>
        <translation>将历史记录导出为 JSON 或 CSV</translation>
    </message>
    <message>
        <source>Open in its pane</source>
        <translation>在对应窗格中打开</translation>
    </message>
    <message>
        <source>Copy result</source>
        <translation>复制结果</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Clear…</source>
        <translation>清空…</translation>
    </message>
    <message>
        <source>Clear the history</source>
        <translation>清空历史记录</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) deleted; {keys} brings them back</source>
        <translation>
            <numerusform>已删除 %n 条结果；按 {keys} 可恢复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n result(s) brought back</source>
        <translation>
            <numerusform>已恢复 %n 条结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{shown} of %n result(s)</source>
        <translation>
            <numerusform>显示 {shown} / 共 %n 条结果</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete all %n result(s) from the history?</source>
        <translation>
            <numerusform>要从历史记录中删除全部 %n 条结果吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>What was translated of interrupted files is deleted too: translating them again starts from the beginning. What is typed in the panes stays, kept as drafts (up to a million characters a pane) until you clear it.</source>
        <translation>中断的文件中已翻译的部分也会被删除：再次翻译时将从头开始。窗格中输入的内容会保留，作为草稿保存（每个窗格最多一百万个字符），直到您清除它。</translation>
    </message>
    <message>
        <source>Export the history</source>
        <translation>导出历史记录</translation>
    </message>
    <message>
        <source>JSON (*.json);;CSV (*.csv)</source>
        <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Running on the CPU</source>
        <translation>在 CPU 上运行</translation>
    </message>
    <message>
        <source>Running on the GPU (CUDA)</source>
        <translation>在 GPU（CUDA）上运行</translation>
    </message>
    <message>
        <source>Running on the GPU (DirectML)</source>
        <translation>在 GPU（DirectML）上运行</translation>
    </message>
    <message>
        <source>Running on Core ML</source>
        <translation>在 Core ML 上运行</translation>
    </message>
    <message>
        <source>Running on {device}</source>
        <translation>在 {device} 上运行</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) were not finished when Quire closed: select them and press Retry to go on where they stopped</source>
        <translation>
            <numerusform>Quire 关闭时有 %n 个文件尚未完成：选中它们并按“重试”，即可从中断处继续</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unfinished file(s) are no longer where they were: %1</source>
        <translation>
            <numerusform>%n 个未完成的文件已不在原来的位置：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <source>Quire</source>
        <translation>Quire</translation>
    </message>
    <message>
        <source>Looking for installed models…</source>
        <translation>正在查找已安装的模型…</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Add &amp;folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Translate files into files…</source>
        <translation>将文件翻译为文件(&amp;T)…</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>Reopen with &amp;Encoding</source>
        <translation>以指定编码重新打开(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Save result…</source>
        <translation>保存结果(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Manage models…</source>
        <translation>管理模型(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Import a model folder…</source>
        <translation>导入模型文件夹(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Browse the catalog…</source>
        <translation>浏览模型目录(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Unload models</source>
        <translation>卸载模型(&amp;U)</translation>
    </message>
    <message>
        <source>Free the memory of the loaded models; the next job loads its model again.</source>
        <translation>释放已加载模型占用的内存；下一个任务会重新加载模型。</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Glossary…</source>
        <translation>术语表(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Quire</source>
        <translation>关于 Quire(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Device in use</source>
        <translation>正在使用的设备</translation>
    </message>
    <message>
        <source>Time of the last job</source>
        <translation>上一个任务的用时</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒词元数</translation>
    </message>
    <message>
        <source>Peak memory of the last job</source>
        <translation>上一个任务的内存峰值</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件队列</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>&amp;Files</source>
        <translation>文件队列(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>历史记录(&amp;H)</translation>
    </message>
    <message>
        <source>Unicode (UTF-8)</source>
        <translation>Unicode (UTF-8)</translation>
    </message>
    <message>
        <source>Unicode (UTF-16)</source>
        <translation>Unicode (UTF-16)</translation>
    </message>
    <message>
        <source>Western European (Windows-1252)</source>
        <translation>西欧语言 (Windows-1252)</translation>
    </message>
    <message>
        <source>Western European (ISO-8859-15)</source>
        <translation>西欧语言 (ISO-8859-15)</translation>
    </message>
    <message>
        <source>Central European (Windows-1250)</source>
        <translation>中欧语言 (Windows-1250)</translation>
    </message>
    <message>
        <source>Central European (ISO-8859-2)</source>
        <translation>中欧语言 (ISO-8859-2)</translation>
    </message>
    <message>
        <source>Cyrillic (Windows-1251)</source>
        <translation>西里尔文 (Windows-1251)</translation>
    </message>
    <message>
        <source>Cyrillic (KOI8-R)</source>
        <translation>西里尔文 (KOI8-R)</translation>
    </message>
    <message>
        <source>Ukrainian (KOI8-U)</source>
        <translation>乌克兰语 (KOI8-U)</translation>
    </message>
    <message>
        <source>Greek (Windows-1253)</source>
        <translation>希腊语 (Windows-1253)</translation>
    </message>
    <message>
        <source>Turkish (Windows-1254)</source>
        <translation>土耳其语 (Windows-1254)</translation>
    </message>
    <message>
        <source>Hebrew (Windows-1255)</source>
        <translation>希伯来语 (Windows-1255)</translation>
    </message>
    <message>
        <source>Arabic (Windows-1256)</source>
        <translation>阿拉伯语 (Windows-1256)</translation>
    </message>
    <message>
        <source>Baltic (Windows-1257)</source>
        <translation>波罗的海语言 (Windows-1257)</translation>
    </message>
    <message>
        <source>Vietnamese (Windows-1258)</source>
        <translation>越南语 (Windows-1258)</translation>
    </message>
    <message>
        <source>Thai (Windows-874)</source>
        <translation>泰语 (Windows-874)</translation>
    </message>
    <message>
        <source>Chinese Simplified (GB18030, GBK)</source>
        <translation>简体中文 (GB18030, GBK)</translation>
    </message>
    <message>
        <source>Chinese Traditional (Big5)</source>
        <translation>繁体中文 (Big5)</translation>
    </message>
    <message>
        <source>Japanese (Shift_JIS)</source>
        <translation>日语 (Shift_JIS)</translation>
    </message>
    <message>
        <source>Japanese (EUC-JP)</source>
        <translation>日语 (EUC-JP)</translation>
    </message>
    <message>
        <source>Korean (EUC-KR)</source>
        <translation>韩语 (EUC-KR)</translation>
    </message>
    <message>
        <source>Open a text file first</source>
        <translation>请先打开一个文本文件</translation>
    </message>
    <message>
        <source>{name} was downloaded and is installed.</source>
        <translation>{name} 已下载并安装。</translation>
    </message>
    <message>
        <source>Unloaded {models} to make room in memory for {model}</source>
        <translation>已卸载 {models}，为 {model} 腾出内存</translation>
    </message>
    <message>
        <source>{speed:.1f} tokens/s</source>
        <translation>{speed:.1f} 词元/秒</translation>
    </message>
    <message>
        <source>Peak memory: {size}</source>
        <translation>内存峰值：{size}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Offline mode: Quire does not use the network</source>
        <translation>离线模式：Quire 不使用网络</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) translated before were left out</source>
        <translation>
            <numerusform>已跳过 %n 个先前翻译过的文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) Quire cannot read were left out ({kinds})</source>
        <translation>
            <numerusform>已跳过 %n 个 Quire 无法读取的文件（{kinds}）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) of kinds Quire reads, but not text it translates (settings, code), were left out ({kinds})</source>
        <translation>
            <numerusform>有 %n 个文件属于 Quire 能读取的类型，但不是需要翻译的文本（设置、代码），已略过（{kinds}）</numerusform>
        </translation>
    </message>
    <message>
        <source>Install a model first: {name} opens then</source>
        <translation>请先安装模型：之后将打开 {name}</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <source>{name} looks like a model. Import it into Quire?</source>
        <translation>{name} 看起来是一个模型。要把它导入 Quire 吗？</translation>
    </message>
    <message>
        <source>Translate the clipboard</source>
        <translation>翻译剪贴板</translation>
    </message>
    <message>
        <source>The clipboard holds no text to translate.</source>
        <translation>剪贴板中没有可翻译的文本。</translation>
    </message>
    <message>
        <source>Copy some text, then try again.</source>
        <translation>请先复制一些文本，然后重试。</translation>
    </message>
    <message numerus="yes">
        <source>Offline mode is on: %n download(s) stopped; what they fetched is kept.</source>
        <translation>
            <numerusform>离线模式已开启：已停止 %n 个下载，已获取的部分会保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Output names</source>
        <translation>输出文件名</translation>
    </message>
    <message>
        <source>The name pattern of translated files, {0}, is not a file name on every system: it is now {1}. Settings changes it.</source>
        <translation>译文文件的命名模式 {0} 在某些系统上不是有效的文件名：现已改为 {1}。可在“设置”中更改。</translation>
    </message>
    <message>
        <source>The text in {pane} is too long to be kept as a draft (over a million characters): save it to keep it</source>
        <translation>{pane}中的文本太长，无法作为草稿保存（超过一百万个字符）：如需保留，请将其保存</translation>
    </message>
    <message>
        <source>What is typed in the panes could not be saved: {0}</source>
        <translation>无法保存窗格中输入的内容：{0}</translation>
    </message>
    <message>
        <source>The history could not be saved: {0}</source>
        <translation>历史记录无法保存：{0}</translation>
    </message>
    <message>
        <source>The history could not be read: {0}. It is kept as it is.</source>
        <translation>历史记录无法读取：{0}。文件保持原样。</translation>
    </message>
    <message numerus="yes">
        <source>%n damaged line(s) of the history could not be read; the file as it was is kept as {0}</source>
        <translation>
            <numerusform>历史记录中有 %n 行已损坏，无法读取；原文件已另存为 {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) still to translate</source>
        <translation>
            <numerusform>%n 个待翻译的文件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n running job(s)</source>
        <translation>
            <numerusform>%n 个正在运行的任务</numerusform>
        </translation>
    </message>
    <message>
        <source>A stopped download keeps what it has fetched: downloading the model again goes on from there.</source>
        <translation>停止的下载会保留已获取的部分：再次下载该模型时会从那里继续。</translation>
    </message>
    <message>
        <source>No file there that Quire can translate (it holds {kinds})</source>
        <translation>这里没有 Quire 能翻译的文件（其中有 {kinds}）</translation>
    </message>
    <message>
        <source>No file there that Quire can translate</source>
        <translation>这里没有 Quire 能翻译的文件</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Written to {output}</source>
        <translation>已写入 {output}</translation>
    </message>
    <message>
        <source>Only the first {count} characters of this text were kept in the history</source>
        <translation>历史记录只保留了这段文字的前 {count} 个字符</translation>
    </message>
    <message>
        <source>Why not another device:</source>
        <translation>为何未使用其他设备：</translation>
    </message>
    <message>
        <source>Last job: {seconds:.2f} s</source>
        <translation>上一个任务：{seconds:.2f} 秒</translation>
    </message>
    <message>
        <source>Install a model first</source>
        <translation>请先安装模型</translation>
    </message>
    <message>
        <source>Open files</source>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Add a folder to translate</source>
        <translation>添加要翻译的文件夹</translation>
    </message>
    <message>
        <source>Translate files into files</source>
        <translation>将文件翻译为文件</translation>
    </message>
    <message>
        <source>Glossary saved</source>
        <translation>术语表已保存</translation>
    </message>
    <message>
        <source>The local API could not start: {error}</source>
        <translation>本地 API 无法启动：{error}</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s)</source>
        <translation>
            <numerusform>%n 个下载</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit Quire?</source>
        <translation>退出 Quire？</translation>
    </message>
    <message>
        <source>Quitting stops {work}.</source>
        <translation>退出将停止 {work}。</translation>
    </message>
    <message>
        <source>Files already translated are kept; the rest wait in the Files list for the next start, where Retry goes on where each stopped.</source>
        <translation>已翻译的文件会保留；其余文件留在“文件”列表中，下次启动后按“重试”即可从中断处继续。</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <source>Ran as preferred.</source>
        <translation>按首选方式运行。</translation>
    </message>
    <message>
        <source>ONNX Runtime is not installed</source>
        <translation>未安装 ONNX Runtime</translation>
    </message>
    <message>
        <source>{device} (expected)</source>
        <translation>{device}（预计）</translation>
    </message>
    <message>
        <source>The best device this computer has.</source>
        <translation>这台电脑上最好的设备。</translation>
    </message>
    <message>
        <source>The best device Quire can use here.</source>
        <translation>这是 Quire 在此处能使用的最佳设备。</translation>
    </message>
    <message>
        <source>Details: {reasons}</source>
        <translation>详情：{reasons}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>模型目录</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Variants</source>
        <translation>变体</translation>
    </message>
    <message>
        <source>Runs on</source>
        <translation>运行设备</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>已安装的模型</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <source>Import a model from a folder, a .zip or a .tar.gz file</source>
        <translation>从文件夹、.zip 或 .tar.gz 文件导入模型</translation>
    </message>
    <message>
        <source>Choose the tasks the selected model is used for</source>
        <translation>选择所选模型用于哪些任务</translation>
    </message>
    <message>
        <source>Check files</source>
        <translation>检查文件</translation>
    </message>
    <message>
        <source>Check the selected model&apos;s files against the checksums recorded at install</source>
        <translation>按安装时记录的校验和检查所选模型的文件</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Con&amp;vert checkpoint…</source>
        <translation>转换检查点(&amp;V)…</translation>
    </message>
    <message>
        <source>Set &amp;task…</source>
        <translation>设置任务(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>删除(&amp;R)…</translation>
    </message>
    <message numerus="yes">
        <source>%n model(s), {size} on disk</source>
        <translation>
            <numerusform>%n 个模型，占用磁盘 {size}</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} is installed and ready to use.</source>
        <translation>{name} 已安装，可以使用。</translation>
    </message>
    <message>
        <source>{name} is installed; choose what it is for.</source>
        <translation>{name} 已安装；请选择它的用途。</translation>
    </message>
    <message>
        <source>Recording what {name} is for…</source>
        <translation>正在记录 {name} 的用途…</translation>
    </message>
    <message>
        <source>Set task</source>
        <translation>设置任务</translation>
    </message>
    <message>
        <source>No task offers {name} now.</source>
        <translation>现在没有任务提供 {name}。</translation>
    </message>
    <message>
        <source>{name} is offered in: {tasks}.</source>
        <translation>{name} 可用于：{tasks}。</translation>
    </message>
    <message>
        <source>Remove {name}? Its files are deleted from the model folder, freeing {size}.</source>
        <translation>要删除 {name} 吗？其文件将从模型文件夹中删除，释放 {size}。</translation>
    </message>
    <message>
        <source>Convert a Hugging Face checkpoint folder to ONNX and install it</source>
        <translation>将 Hugging Face 检查点文件夹转换为 ONNX 并安装</translation>
    </message>
    <message>
        <source>{wanted} cannot be used, {got} runs the model instead. Details: {reason}</source>
        <translation>无法使用 {wanted}，改由 {got} 运行模型。详细信息：{reason}</translation>
    </message>
    <message>
        <source>the CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Remove the selected model</source>
        <translation>删除所选模型</translation>
    </message>
    <message>
        <source>Check &amp;files</source>
        <translation>检查文件(&amp;F)</translation>
    </message>
    <message>
        <source>cannot be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Select a model to see where it runs and why.</source>
        <translation>选择一个模型，查看它在哪里运行以及原因。</translation>
    </message>
    <message>
        <source>{name} cannot be used: {problem}</source>
        <translation>{name} 无法使用：{problem}</translation>
    </message>
    <message>
        <source>{name} ({kind}) in {path}
Runs on: {where}
{why}</source>
        <translation>{name}（{kind}），位于 {path}
运行设备：{where}
{why}</translation>
    </message>
    <message>
        <source>{name} is removed.</source>
        <translation>已删除 {name}。</translation>
    </message>
    <message>
        <source>Importing {path}…</source>
        <translation>正在导入 {path}…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Choose a checkpoint folder</source>
        <translation>选择检查点文件夹</translation>
    </message>
    <message>
        <source>Converting {path} (this can take a few minutes)…</source>
        <translation>正在转换 {path}（可能需要几分钟）…</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>{name} is installed, but no task offers it yet: choose Set task… to say what it is for.</source>
        <translation>{name} 已安装，但暂时没有任务提供它：请选择“设置任务…”说明它的用途。</translation>
    </message>
    <message>
        <source>Select a model to say what it is for</source>
        <translation>选择一个模型以说明它的用途</translation>
    </message>
    <message>
        <source>This model cannot be used</source>
        <translation>此模型无法使用</translation>
    </message>
    <message>
        <source>A model of its kind can do none of Quire&apos;s tasks: nothing can be set</source>
        <translation>这类模型无法完成 Quire 的任何任务：无可设置</translation>
    </message>
    <message>
        <source>Its files say what it is for: nothing else can be set</source>
        <translation>其文件已说明用途：无其他可设置</translation>
    </message>
    <message>
        <source>Checking the files of {name}…</source>
        <translation>正在检查 {name} 的文件…</translation>
    </message>
    <message>
        <source>{name} could not be checked: {problem}</source>
        <translation>无法检查 {name}：{problem}</translation>
    </message>
    <message numerus="yes">
        <source>{name}: all %n file(s) are as they were installed.</source>
        <translation>
            <numerusform>{name}：全部 %n 个文件都与安装时一致。</numerusform>
        </translation>
    </message>
    <message>
        <source>changed: {files}</source>
        <translation>已更改：{files}</translation>
    </message>
    <message>
        <source>missing: {files}</source>
        <translation>缺失：{files}</translation>
    </message>
    <message>
        <source>added: {files}</source>
        <translation>多出：{files}</translation>
    </message>
    <message>
        <source>{name} is not as it was installed ({parts}): import or download it again.</source>
        <translation>{name} 与安装时不同（{parts}）：请重新导入或下载。</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <source>Removing {name} when the running job ends…</source>
        <translation>正在运行的任务结束后将删除 {name}…</translation>
    </message>
    <message>
        <source>Removing {name}…</source>
        <translation>正在删除 {name}…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ModelSourceDialog</name>
    <message>
        <source>Import a model folder or archive</source>
        <translation>导入模型文件夹或压缩包</translation>
    </message>
    <message>
        <source>Model folders and archives ({patterns})</source>
        <translation>模型文件夹和压缩包 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>ModelTaskDialog</name>
    <message>
        <source>&amp;Translate</source>
        <translation>翻译(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Summarize</source>
        <translation>摘要(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Ask</source>
        <translation>提问(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Classify</source>
        <translation>分类(&amp;C)</translation>
    </message>
    <message>
        <source>What is {name} for?</source>
        <translation>{name} 用于什么？</translation>
    </message>
    <message>
        <source>Quire cannot tell from its files what {name} is for, so no task offers it yet. Choose the tasks it should be used for:</source>
        <translation>Quire 无法从文件判断 {name} 的用途，因此暂时没有任务提供它。请选择它应当用于的任务：</translation>
    </message>
    <message>
        <source>Choose the tasks {name} is used for:</source>
        <translation>选择 {name} 用于的任务：</translation>
    </message>
    <message>
        <source>Its files say it does this</source>
        <translation>其文件表明它能做这项任务</translation>
    </message>
    <message>
        <source>A model of this kind cannot do this</source>
        <translation>这类模型无法做这项任务</translation>
    </message>
    <message>
        <source>&amp;Use for these tasks</source>
        <translation>用于这些任务(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Decide later</source>
        <translation>以后再定(&amp;D)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>OnboardingPage</name>
    <message>
        <source>Welcome to Quire</source>
        <translation>欢迎使用 Quire</translation>
    </message>
    <message>
        <source>&lt;p&gt;Installed models are kept in &lt;code&gt;{path}&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;已安装的模型保存在 &lt;code&gt;{path}&lt;/code&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Quire translates, summarizes, answers questions about and classifies text entirely on this computer, with AI models you install once. Nothing you type leaves your machine.&lt;/p&gt;&lt;p&gt;&lt;b&gt;To get started, add a model:&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Browse the catalog…&lt;/b&gt; lists ready-made models (for example opus-mt-en-de for English → German), shows how well each fits this computer and downloads one with a click.&lt;/li&gt;&lt;li&gt;Without internet, &lt;b&gt;Import a model folder…&lt;/b&gt; takes a model folder in the Hugging Face layout with ONNX files (or a .zip of one), copied from another computer.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>&lt;p&gt;Quire 完全在这台电脑上翻译、摘要、回答关于文本的问题并对文本分类，所用的 AI 模型只需安装一次。你输入的任何内容都不会离开你的电脑。&lt;/p&gt;&lt;p&gt;&lt;b&gt;首先，添加一个模型：&lt;/b&gt;&lt;/p&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;浏览模型目录…&lt;/b&gt;列出现成的模型（例如英译德的 opus-mt-en-de），显示每个模型是否适合本机，一键即可下载。&lt;/li&gt;&lt;li&gt;没有网络时，&lt;b&gt;导入模型文件夹…&lt;/b&gt;可导入从其他电脑复制来的、带 ONNX 文件的 Hugging Face 格式模型文件夹（或其 .zip 压缩包）。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
    <message>
        <source>How to get models</source>
        <translation>如何获取模型</translation>
    </message>
    <message>
        <source>Browse the catalog…</source>
        <translation>浏览模型目录…</translation>
    </message>
    <message>
        <source>Browse the catalog of models</source>
        <translation>浏览模型目录</translation>
    </message>
    <message>
        <source>Import a model folder…</source>
        <translation>导入模型文件夹…</translation>
    </message>
    <message>
        <source>Import a model folder</source>
        <translation>导入模型文件夹</translation>
    </message>
    <message>
        <source>Open the model manager</source>
        <translation>打开模型管理器</translation>
    </message>
    <message>
        <source>Downloads need an internet connection once; after that everything works offline.</source>
        <translation>下载只需联网一次；之后一切都可离线使用。</translation>
    </message>
</context>
<context>
    <name>Pane</name>
    <message>
        <source>Out of date: the text changed. Press {run} to update.</source>
        <translation>已过时：文本已更改。请按“{run}”更新。</translation>
    </message>
    <message>
        <source>Cancelled. The result shown is incomplete.</source>
        <translation>已取消。显示的结果不完整。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Mo&amp;del:</source>
        <translation>模型(&amp;D)：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The installed model this task uses</source>
        <translation>此任务使用的已安装模型</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action}（{keys}）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Stopped by an error. The result shown is incomplete.</source>
        <translation>因出错而停止。显示的结果不完整。</translation>
    </message>
    <message>
        <source>Copy the result</source>
        <translation>复制结果</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the result to a file</source>
        <translation>将结果保存到文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the running job</source>
        <translation>取消正在运行的任务</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>The best installed model for the job</source>
        <translation>最适合此任务的已安装模型</translation>
    </message>
    <message>
        <source>{model} — too big for the free memory</source>
        <translation>{model} — 可用内存不足以加载</translation>
    </message>
    <message>
        <source>It needs about {need}; {free} is free.</source>
        <translation>约需 {need}；可用 {free}。</translation>
    </message>
    <message>
        <source>{name} (instruction model)</source>
        <translation>{name}（指令模型）</translation>
    </message>
    <message>
        <source>Waiting for the previous job…</source>
        <translation>正在等待上一个任务…</translation>
    </message>
    <message>
        <source>One file at a time</source>
        <translation>一次一个文件</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancel that job</source>
        <translation>取消那项任务</translation>
    </message>
    <message>
        <source>Open the catalog…</source>
        <translation>打开模型目录…</translation>
    </message>
    <message>
        <source>Open the model manager&apos;s catalog</source>
        <translation>打开模型管理器中的模型目录</translation>
    </message>
    <message>
        <source>No installed model can do this yet. Download one from the catalog, or import one.</source>
        <translation>已安装的模型都无法完成此任务。请从模型目录下载一个，或导入一个。</translation>
    </message>
    <message>
        <source>{task}: done</source>
        <translation>{task}：已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Waiting for {file} in Files: press Pause there to go first</source>
        <translation>正在等待“文件”中的 {file}：在那里按“暂停”即可让此任务先进行</translation>
    </message>
    <message>
        <source>the file being translated</source>
        <translation>正在翻译的文件</translation>
    </message>
    <message>
        <source>Waiting for {pane} to finish reading {file}…</source>
        <translation>正在等待{pane}读完 {file}…</translation>
    </message>
    <message>
        <source>Waiting for {pane} to finish ({file})…</source>
        <translation>正在等待{pane}完成（{file}）…</translation>
    </message>
    <message>
        <source>Waiting for {pane} to finish…</source>
        <translation>正在等待{pane}完成…</translation>
    </message>
    <message>
        <source>Cancel the job of {pane}</source>
        <translation>取消{pane}的任务</translation>
    </message>
    <message>
        <source>{name} holds no text; the text here is unchanged</source>
        <translation>{name} 中没有文字；此处的文字保持不变</translation>
    </message>
    <message>
        <source>Opened {name} (UTF-8, some lines in {encoding})</source>
        <translation>已打开 {name}（UTF-8，部分行为 {encoding}）</translation>
    </message>
    <message>
        <source>Opened {name}</source>
        <translation>已打开 {name}</translation>
    </message>
    <message>
        <source>Opened {name} (read as {encoding})</source>
        <translation>已打开 {name}（按 {encoding} 编码读取）</translation>
    </message>
    <message>
        <source>{name} could not be opened</source>
        <translation>无法打开 {name}</translation>
    </message>
    <message>
        <source>Stopped reading {name}; the text here is unchanged</source>
        <translation>已停止读取 {name}；此处的文字保持不变</translation>
    </message>
    <message>
        <source>Open the others one by one. To translate several files at once, drop them on Translate.</source>
        <translation>请逐个打开其余文件。要一次翻译多个文件，请将它们拖放到“翻译”上。</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Save the result</source>
        <translation>保存结果</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>文本文件 (*.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>已保存 {name}</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>驱动器</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <comment>All other platforms</comment>
        <translation>快捷方式</translation>
    </message>
    <message>
        <source>Alias</source>
        <comment>macOS Finder</comment>
        <translation>替身</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Queued files</source>
        <translation>排队的文件</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume the queue</source>
        <translation>继续处理队列</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the translated file</source>
        <translation>打开译文文件</translation>
    </message>
    <message>
        <source>Double-click or Enter</source>
        <translation>双击或按 Enter</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show the translated file in its folder</source>
        <translation>在所在文件夹中显示译文文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel the selected files, or the one being translated</source>
        <translation>取消所选文件，或正在翻译的文件</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry the selected files</source>
        <translation>重试所选文件</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <source>Remove finished files from the list</source>
        <translation>从列表中移除已完成的文件</translation>
    </message>
    <message>
        <source>Looking for documents</source>
        <translation>正在查找文档</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop looking for documents</source>
        <translation>停止查找文档</translation>
    </message>
    <message>
        <source>Reading the pages</source>
        <translation>正在读取页面</translation>
    </message>
    <message>
        <source>Converting with LibreOffice</source>
        <translation>正在用 LibreOffice 转换</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Paused: Resume goes on where it stopped</source>
        <translation>已暂停：按“继续”从中断处接着翻译</translation>
    </message>
    <message>
        <source>Waiting to go on where it stopped</source>
        <translation>等待从中断处继续</translation>
    </message>
    <message>
        <source>Translating</source>
        <translation>正在翻译</translation>
    </message>
    <message>
        <source>Stopped when Quire closed: Retry goes on</source>
        <translation>Quire 关闭时中断：按“重试”继续</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message numerus="yes">
        <source>{counts} · %n sentence(s) from the translation memory</source>
        <translation>
            <numerusform>{counts} · %n 个句子来自翻译记忆库</numerusform>
        </translation>
    </message>
    <message>
        <source>{counts}; {review}</source>
        <translation>{counts}；{review}</translation>
    </message>
    <message>
        <source>{counts}; written as UTF-8: the file was UTF-8 with some lines in {encoding}</source>
        <translation>{counts}；已写为 UTF-8：原文件为 UTF-8，部分行为 {encoding}</translation>
    </message>
    <message>
        <source>{counts}; written as {written}: not as {encoding}</source>
        <translation>{counts}；以 {written} 写出，而不是 {encoding}</translation>
    </message>
    <message>
        <source>marked fuzzy for review</source>
        <translation>已标为 fuzzy，待审校</translation>
    </message>
    <message>
        <source>marked for review</source>
        <translation>已标为待审校</translation>
    </message>
    <message>
        <source>marked Draft (machine translation) for review</source>
        <translation>已标为草稿（机器翻译），待审校</translation>
    </message>
    <message>
        <source>left unfinished for review</source>
        <translation>保留为未完成，待审校</translation>
    </message>
    <message numerus="yes">
        <source>%n part(s) kept their source text: the model gave back nothing for them, only repeated itself, or lost a placeholder.</source>
        <translation>
            <numerusform>%n 处保留了原文：模型对它们没有给出任何结果、只是在重复，或丢失了占位符。</numerusform>
        </translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>……还有 {count} 处</translation>
    </message>
    <message>
        <source>Glossary terms the model lost (check them in the file): {terms}</source>
        <translation>模型丢失的术语（请在文件中核对）：{terms}</translation>
    </message>
    <message>
        <source>Progress of {name}: {text}</source>
        <translation>{name} 的进度：{text}</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>尚未开始</translation>
    </message>
    <message numerus="yes">
        <source>{done} of %Ln file(s) done, {failed} failed</source>
        <translation>
            <numerusform>已完成 {done} / %Ln 个文件，{failed} 个失败</numerusform>
        </translation>
    </message>
    <message>
        <source>{summary}, {cancelled} cancelled</source>
        <translation>{summary}，{cancelled} 个已取消</translation>
    </message>
    <message>
        <source>{summary} · Paused: press Resume to go on</source>
        <translation>{summary} · 已暂停：按“继续”以继续</translation>
    </message>
    <message>
        <source>No program on this computer opens {name}; it is in {folder}</source>
        <translation>这台电脑上没有能打开 {name} 的程序；它位于 {folder}</translation>
    </message>
    <message>
        <source>The file manager could not be opened; the file is {path}</source>
        <translation>无法打开文件管理器；文件位于 {path}</translation>
    </message>
    <message>
        <source>Failed: {reason}</source>
        <translation>失败：{reason}</translation>
    </message>
    <message>
        <source>Pause the queue: the current file stops at its next part</source>
        <translation>暂停队列：当前文件在下一部分处停止</translation>
    </message>
    <message>
        <source>Pausing…</source>
        <translation>正在暂停…</translation>
    </message>
    <message>
        <source>Translating, about {time} left</source>
        <translation>正在翻译，约剩 {time}</translation>
    </message>
    <message>
        <source>Paused: press Resume to start</source>
        <translation>已暂停：按“继续”开始</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{translated} translated · {kept} kept · {failed} failed</source>
        <translation>已翻译 {translated} · 原样保留 {kept} · 失败 {failed}</translation>
    </message>
    <message>
        <source>{counts}; written as UTF-8: the translation does not fit in {encoding}</source>
        <translation>{counts}；已写为 UTF-8：译文无法用 {encoding} 编码</translation>
    </message>
    <message>
        <source>{counts} ({encoding})</source>
        <translation>{counts}（{encoding}）</translation>
    </message>
    <message>
        <source>marked machine-translated for review</source>
        <translation>已标为“机器翻译”，待审校</translation>
    </message>
    <message>
        <source>Looking for documents in {names}…</source>
        <translation>正在 {names} 中查找文档…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Threads:</source>
        <translation>线程(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Variant:</source>
        <translation>变体(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>主题(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Font size:</source>
        <translation>字号(&amp;F)：</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <source>Variant preference</source>
        <translation>变体偏好</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Automatic (best available)</source>
        <translation>自动（最佳可用）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>NVIDIA GPU (CUDA)</source>
        <translation>NVIDIA GPU（CUDA）</translation>
    </message>
    <message>
        <source>GPU (DirectML, Windows)</source>
        <translation>GPU（DirectML，Windows）</translation>
    </message>
    <message>
        <source>Apple Neural Engine / GPU (Core ML)</source>
        <translation>Apple 神经网络引擎 / GPU（Core ML）</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Best quality (full precision)</source>
        <translation>最佳质量（全精度）</translation>
    </message>
    <message>
        <source>Fastest (quantized where available)</source>
        <translation>最快（尽可能使用量化模型）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Offline: never use the network</source>
        <translation>离线(&amp;O)：从不使用网络</translation>
    </message>
    <message>
        <source>Offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <source>Downloads and catalog updates are refused; installed models work as before.</source>
        <translation>不进行下载和目录更新；已安装的模型照常工作。</translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation>代理(&amp;X)：</translation>
    </message>
    <message>
        <source>Download &amp;mirror:</source>
        <translation>下载镜像(&amp;M)：</translation>
    </message>
    <message>
        <source>The system&apos;s proxy settings</source>
        <translation>系统代理设置</translation>
    </message>
    <message>
        <source>Proxy for downloads</source>
        <translation>下载代理</translation>
    </message>
    <message>
        <source>For example http://proxy.example.com:8080</source>
        <translation>例如 http://proxy.example.com:8080</translation>
    </message>
    <message>
        <source>Download mirror</source>
        <translation>下载镜像</translation>
    </message>
    <message>
        <source>A Hugging Face mirror to download models from, for example https://hf-mirror.com</source>
        <translation>下载模型所用的 Hugging Face 镜像，例如 https://hf-mirror.com</translation>
    </message>
    <message>
        <source>Translated file &amp;name:</source>
        <translation>译文文件名(&amp;N)：</translation>
    </message>
    <message>
        <source>Translated files &amp;go to:</source>
        <translation>译文文件保存到(&amp;G)：</translation>
    </message>
    <message>
        <source>Name pattern for translated files</source>
        <translation>译文文件的命名格式</translation>
    </message>
    <message>
        <source>{name}: the file&apos;s name, {lang}: the target language, {ext}: its extension</source>
        <translation>{name}：文件名，{lang}：目标语言，{ext}：扩展名</translation>
    </message>
    <message>
        <source>Beside each file</source>
        <translation>与原文件放在一起</translation>
    </message>
    <message>
        <source>Folder for translated files</source>
        <translation>译文文件的文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the folder for translated files</source>
        <translation>选择译文文件的文件夹</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>Device, threads, variant and offline mode apply from the next job; loaded models are loaded again.</source>
        <translation>设备、线程、变体和离线模式从下一个任务起生效；已加载的模型会重新加载。</translation>
    </message>
    <message>
        <source>&amp;Serve a local translation API to other programs</source>
        <translation>为其他程序提供本地翻译 API(&amp;S)</translation>
    </message>
    <message>
        <source>Local API</source>
        <translation>本地 API</translation>
    </message>
    <message>
        <source>LibreTranslate-compatible, on this computer only (127.0.0.1); nothing leaves the machine.</source>
        <translation>兼容 LibreTranslate，仅限本机（127.0.0.1）；数据不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Could not start: {error}</source>
        <translation>无法启动：{error}</translation>
    </message>
    <message>
        <source>Serving at {url} (documentation: {url}docs)</source>
        <translation>服务地址：{url}（文档：{url}docs）</translation>
    </message>
    <message>
        <source>Only {name}, {lang} and {ext} can be used, as they are</source>
        <translation>只能原样使用 {name}、{lang} 和 {ext}</translation>
    </message>
    <message>
        <source>A name may not hold / \ &lt; &gt; : &quot; | ? or *</source>
        <translation>名称中不能含有 / \ &lt; &gt; : &quot; | ? 或 *</translation>
    </message>
    <message>
        <source>The translation would take the input&apos;s name: add {lang} or other text</source>
        <translation>译文会与原文件同名：请加入 {lang} 或其他文字</translation>
    </message>
    <message>
        <source>Use {name} and end with {ext}</source>
        <translation>请使用 {name}，并以 {ext} 结尾</translation>
    </message>
    <message>
        <source>{reason}, for example {pattern}</source>
        <translation>{reason}，例如 {pattern}</translation>
    </message>
    <message>
        <source>For example: {example}</source>
        <translation>例如：{example}</translation>
    </message>
    <message>
        <source>proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>mirror</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>The {what} must be an address such as https://host:port.</source>
        <translation>{what}必须是类似 https://host:port 的地址。</translation>
    </message>
</context>
<context>
    <name>SummarizePane</name>
    <message>
        <source>Summarize</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>No summarization model is installed. Download a summarizer (for example distilbart-cnn) or a sentence-embedding model from the catalog, or import one.</source>
        <translation>尚未安装摘要模型。请从模型目录下载摘要模型（例如 distilbart-cnn）或句向量模型，或导入一个。</translation>
    </message>
    <message>
        <source>&amp;Length:</source>
        <translation>长度(&amp;L)：</translation>
    </message>
    <message>
        <source>Summary length</source>
        <translation>摘要长度</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>短</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Long</source>
        <translation>长</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>语言(&amp;G)：</translation>
    </message>
    <message>
        <source>Language of the summary</source>
        <translation>摘要的语言</translation>
    </message>
    <message>
        <source>The text&apos;s</source>
        <translation>与原文相同</translation>
    </message>
    <message>
        <source>Type, paste or drop the text to summarize</source>
        <translation>输入、粘贴或拖入要摘要的文本</translation>
    </message>
    <message>
        <source>Text to summarize</source>
        <translation>要摘要的文本</translation>
    </message>
    <message>
        <source>Summary sentences</source>
        <translation>摘要句子</translation>
    </message>
    <message>
        <source>Click a sentence to see where it comes from</source>
        <translation>点击句子可查看它的出处</translation>
    </message>
    <message>
        <source>The summary is written in this language.</source>
        <translation>摘要将用此语言写成。</translation>
    </message>
    <message>
        <source>A summarization model writes in the text&apos;s language: another language needs an instruction model.</source>
        <translation>摘要模型只用原文的语言写摘要：要用其他语言，需要指令模型。</translation>
    </message>
    <message>
        <source>Type or drop some text to summarize</source>
        <translation>请输入或拖入要摘要的文本</translation>
    </message>
    <message numerus="yes">
        <source>From paragraph(s) {numbers}</source>
        <translation>
            <numerusform>来自第 {numbers} 段</numerusform>
        </translation>
    </message>
    <message>
        <source>No paragraph of the text has its words: check it against the text.</source>
        <translation>原文中没有哪一段含有它的词语：请对照原文核实。</translation>
    </message>
    <message>
        <source>Click a sentence to see where it comes from.</source>
        <translation>点击句子可查看它的出处。</translation>
    </message>
    <message>
        <source>These sentences are picked from the text by {model}, an embedding model, which writes no summary of its own.</source>
        <translation>这些句子由嵌入模型 {model} 从原文中选出，它不会自行撰写摘要。</translation>
    </message>
    <message>
        <source>Long text: summarized in {rounds} rounds.</source>
        <translation>长文本：分 {rounds} 轮摘要。</translation>
    </message>
    <message>
        <source>Written in another language than the text: its sentences are not linked to the paragraphs they come from.</source>
        <translation>摘要的语言与原文不同：其中的句子没有链接到所出自的段落。</translation>
    </message>
</context>
<context>
    <name>TermbaseLanguages</name>
    <message>
        <source>&amp;Terms in:</source>
        <translation>术语语言(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;ranslations in:</source>
        <translation>译文语言(&amp;R)：</translation>
    </message>
    <message>
        <source>Import a termbase</source>
        <translation>导入术语库</translation>
    </message>
</context>
<context>
    <name>TranslatePane</name>
    <message>
        <source>Translate</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>No translation model is installed. Download one (for example opus-mt-en-de) from the catalog, or import one.</source>
        <translation>尚未安装翻译模型。请从模型目录下载一个（例如 opus-mt-en-de），或导入一个。</translation>
    </message>
    <message>
        <source>This text is longer than {count} characters, too long to translate as you type: press Translate.</source>
        <translation>此文本超过 {count} 个字符，太长，无法边输入边翻译：请按“翻译”。</translation>
    </message>
    <message>
        <source>Fr&amp;om:</source>
        <translation>从(&amp;O)：</translation>
    </message>
    <message>
        <source>Source language</source>
        <translation>源语言</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>到(&amp;T)：</translation>
    </message>
    <message>
        <source>Target language</source>
        <translation>目标语言</translation>
    </message>
    <message>
        <source>Swap the languages</source>
        <translation>交换语言</translation>
    </message>
    <message>
        <source>Translate as I type</source>
        <translation>边输入边翻译</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>术语表</translation>
    </message>
    <message>
        <source>Type, paste or drop text here</source>
        <translation>在此输入、粘贴或拖入文本</translation>
    </message>
    <message>
        <source>Text to translate</source>
        <translation>要翻译的文本</translation>
    </message>
    <message>
        <source>The translation appears here</source>
        <translation>译文显示在这里</translation>
    </message>
    <message>
        <source>Translation</source>
        <translation>译文</translation>
    </message>
    <message>
        <source>About the translation</source>
        <translation>关于译文</translation>
    </message>
    <message>
        <source>Detect language</source>
        <translation>检测语言</translation>
    </message>
    <message>
        <source>The model&apos;s language</source>
        <translation>模型的语言</translation>
    </message>
    <message>
        <source>The glossary has no terms: add them in Settings → Glossary…</source>
        <translation>术语表中没有术语：请在“设置 → 术语表…”中添加。</translation>
    </message>
    <message>
        <source>Glossary ({count})</source>
        <translation>术语表（{count}）</translation>
    </message>
    <message numerus="yes">
        <source>Glossary: %Ln term(s) for {languages}, translated your way (Settings → Glossary…)</source>
        <translation>
            <numerusform>术语表：%Ln 个术语，用于{languages}，按您的方式翻译（设置 → 术语表…）</numerusform>
        </translation>
    </message>
    <message>
        <source>The glossary is for {languages}: it is not used for these languages. Settings → Glossary… sets its languages.</source>
        <translation>术语表仅用于{languages}，不用于当前的语言对。可在“设置 → 术语表…”中设置它的语言。</translation>
    </message>
    <message>
        <source>Choose a translation memory</source>
        <translation>选择翻译记忆库</translation>
    </message>
    <message>
        <source>Translation memories (*.tmx);;All files (*)</source>
        <translation>翻译记忆库 (*.tmx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Memor&amp;y…</source>
        <translation>记忆库(&amp;Y)…</translation>
    </message>
    <message>
        <source>Choose a translation memory (TMX): the sentences it holds are translated in its words, not the model&apos;s</source>
        <translation>选择翻译记忆库（TMX）：其中已有的句子按记忆库的译文翻译，而不用模型的译文</translation>
    </message>
    <message>
        <source>Memor&amp;y: {name}</source>
        <translation>记忆库(&amp;Y)：{name}</translation>
    </message>
    <message>
        <source>Translating with the memory {path}; click to choose another</source>
        <translation>正在使用记忆库 {path} 翻译；点击可另选</translation>
    </message>
    <message>
        <source>Memor&amp;y: {name} (missing)</source>
        <translation>记忆库(&amp;Y)：{name}（找不到）</translation>
    </message>
    <message>
        <source>The translation memory {path} is not there any more (moved, deleted, or on a drive not connected); click to choose it again, or stop using it with ✕</source>
        <translation>翻译记忆库 {path} 已不存在（被移动、删除，或在未连接的驱动器上）；点击可重新选择，或用 ✕ 停止使用它</translation>
    </message>
    <message>
        <source>Translation memory</source>
        <translation>翻译记忆库</translation>
    </message>
    <message>
        <source>Translation memory: {name}</source>
        <translation>翻译记忆库：{name}</translation>
    </message>
    <message>
        <source>Stop using the translation memory</source>
        <translation>停止使用翻译记忆库</translation>
    </message>
    <message>
        <source>Type or drop some text to translate</source>
        <translation>请输入或拖入要翻译的文本</translation>
    </message>
    <message>
        <source>Find {source} → {target} in the catalog…</source>
        <translation>在目录中查找{source} → {target}…</translation>
    </message>
    <message>
        <source>Find a model in the catalog…</source>
        <translation>在目录中查找模型…</translation>
    </message>
    <message>
        <source>Detected {language}, {confidence:.0%} sure</source>
        <translation>检测到{language}，置信度 {confidence:.0%}</translation>
    </message>
    <message>
        <source>too short to be sure: choose the language in From if wrong</source>
        <translation>文本太短，无法确定：如有误，请在“从”中选择</translation>
    </message>
    <message>
        <source>via {language}</source>
        <translation>经由{language}</translation>
    </message>
    <message numerus="yes">
        <source>%n sentence(s) look garbled; check them</source>
        <translation>
            <numerusform>%n 个句子疑似乱码，请检查</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sentence(s) from the translation memory {name}</source>
        <translation>
            <numerusform>%n 个句子来自翻译记忆库 {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n memory unit(s) in {variant} left out (translating into {target})</source>
        <translation>
            <numerusform>%n 个 {variant} 记忆库单元未使用（翻译目标为 {target}）</numerusform>
        </translation>
    </message>
    <message>
        <source>Glossary: {terms}</source>
        <translation>术语表：{terms}</translation>
    </message>
    <message>
        <source>Glossary terms lost: {terms}</source>
        <translation>丢失的术语：{terms}</translation>
    </message>
    <message>
        <source>translation</source>
        <translation>译文</translation>
    </message>
</context>
<context>
    <name>_OneFile</name>
    <message numerus="yes">
        <source>This pane works on one file at a time: {name} is opened, and the other %n file(s) are left out.</source>
        <translation>
            <numerusform>此窗格一次处理一个文件：已打开 {name}，其余 %n 个文件未打开。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>duration</name>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{h} h</source>
        <translation>{h} 小时</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分钟</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>No suitable model</source>
        <translation>没有合适的模型</translation>
    </message>
    <message>
        <source>Import a model with Models → Manage models…, or choose another model.</source>
        <translation>请通过“模型 → 管理模型…”导入模型，或选择其他模型。</translation>
    </message>
    <message>
        <source>The model is incomplete or damaged</source>
        <translation>模型不完整或已损坏</translation>
    </message>
    <message>
        <source>Import the model again from a complete folder or archive (Models → Import a model folder), or download it again from the catalog.</source>
        <translation>请从完整的文件夹或压缩包重新导入模型（模型 → 导入模型文件夹），或从目录重新下载。</translation>
    </message>
    <message>
        <source>Quire cannot run this kind of model</source>
        <translation>Quire 无法运行这类模型</translation>
    </message>
    <message>
        <source>Choose another model.</source>
        <translation>请选择其他模型。</translation>
    </message>
    <message>
        <source>The model cannot be used</source>
        <translation>模型无法使用</translation>
    </message>
    <message>
        <source>The model cannot run on this computer</source>
        <translation>模型无法在这台电脑上运行</translation>
    </message>
    <message>
        <source>Open Settings, set Device to CPU and try again.</source>
        <translation>请打开设置，将设备设为 CPU 后重试。</translation>
    </message>
    <message>
        <source>Quire cannot use this input</source>
        <translation>Quire 无法使用此输入</translation>
    </message>
    <message>
        <source>Check the text or the file and try again.</source>
        <translation>请检查文本或文件后重试。</translation>
    </message>
    <message>
        <source>The model could not be converted</source>
        <translation>模型无法转换</translation>
    </message>
    <message>
        <source>Check that the folder holds a complete checkpoint.</source>
        <translation>请确认该文件夹包含完整的检查点。</translation>
    </message>
    <message>
        <source>The model library could not be changed</source>
        <translation>无法更改模型库</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, see the details.</source>
        <translation>请重试；如果问题持续出现，请查看详细信息。</translation>
    </message>
    <message>
        <source>Quire ran into an unexpected problem</source>
        <translation>Quire 遇到了意外问题</translation>
    </message>
    <message>
        <source>Try again. If it keeps happening, please report it with the details below.</source>
        <translation>请重试。如果问题持续出现，请附上下面的详细信息报告问题。</translation>
    </message>
    <message>
        <source>Find a model for this pair in the catalog, or choose the source language yourself.</source>
        <translation>请在目录中查找适合这对语言的模型，或自行选择源语言。</translation>
    </message>
    <message>
        <source>No installed model translates {source} into {target}.</source>
        <translation>没有已安装的模型能把{source}翻译成{target}。</translation>
    </message>
    <message>
        <source>Find a model for this pair in the catalog.</source>
        <translation>请在目录中查找适合这对语言的模型。</translation>
    </message>
    <message>
        <source>The text seems to be in {language}, {confidence:.0%} sure, and no installed model translates it into {target}.</source>
        <translation>文本似乎是{language}（置信度 {confidence:.0%}），但没有已安装的模型能把它翻译成{target}。</translation>
    </message>
    <message>
        <source>The engine stopped unexpectedly</source>
        <translation>引擎意外停止</translation>
    </message>
    <message>
        <source>Try again: Quire starts the engine afresh.</source>
        <translation>请重试：Quire 会重新启动引擎。</translation>
    </message>
    <message>
        <source>The text seems to be in {language}, {confidence:.0%} sure, but {model} translates other languages.</source>
        <translation>文本似乎是{language}（置信度 {confidence:.0%}），但 {model} 翻译的是其他语言。</translation>
    </message>
    <message>
        <source>{model} does not translate {source} into {target}.</source>
        <translation>{model} 不能把{source}翻译成{target}。</translation>
    </message>
    <message>
        <source>Choose the source language yourself to use it anyway, or choose another model.</source>
        <translation>如仍要使用它，请自行选择源语言；或选择其他模型。</translation>
    </message>
    <message>
        <source>Quire could not reach {host}: this computer seems to be offline.</source>
        <translation>Quire 无法连接到 {host}：这台电脑似乎没有联网。</translation>
    </message>
    <message>
        <source>{host} did not answer in time.</source>
        <translation>{host} 没有及时响应。</translation>
    </message>
    <message>
        <source>Quire could not connect through the proxy.</source>
        <translation>Quire 无法通过代理连接。</translation>
    </message>
    <message>
        <source>Offline mode is on, so Quire downloads nothing.</source>
        <translation>离线模式已开启，Quire 不会下载任何内容。</translation>
    </message>
    <message>
        <source>Check the network connection, or set a proxy or a download mirror in Settings → Preferences.</source>
        <translation>请检查网络连接，或在“设置 → 首选项”中设置代理或下载镜像。</translation>
    </message>
    <message>
        <source>The model catalog cannot be read</source>
        <translation>无法读取模型目录</translation>
    </message>
    <message>
        <source>Reinstall Quire. Installed models work as before.</source>
        <translation>请重新安装 Quire。已安装的模型照常可用。</translation>
    </message>
    <message>
        <source>The model could not be downloaded</source>
        <translation>无法下载模型</translation>
    </message>
    <message>
        <source>Check the network connection and try again.</source>
        <translation>请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>Check that you chose a complete model (a folder, a .zip or a .tar.gz archive), and that the disk has room and Quire may write to its folder.</source>
        <translation>请确认所选的是完整的模型（文件夹、.zip 或 .tar.gz 压缩包），并确认磁盘有足够空间且 Quire 有权写入其文件夹。</translation>
    </message>
    <message>
        <source>Try again, or set a download mirror in Settings → Preferences.</source>
        <translation>请重试，或在“设置 → 首选项”中设置下载镜像。</translation>
    </message>
    <message>
        <source>Check the proxy in Settings → Preferences.</source>
        <translation>请在“设置 → 首选项”中检查代理。</translation>
    </message>
    <message>
        <source>The connection kept dropping while {path} was downloaded.</source>
        <translation>下载 {path} 时连接多次中断。</translation>
    </message>
    <message>
        <source>Download it again when the network is back: the part already fetched is kept, and the download goes on from there.</source>
        <translation>网络恢复后请再次下载：已获取的部分会保留，下载将从那里继续。</translation>
    </message>
    <message>
        <source>Quire gave up on {path} after {tries} failed tries.</source>
        <translation>{path} 尝试 {tries} 次均失败，Quire 已放弃。</translation>
    </message>
    <message>
        <source>The connection keeps dropping, or the server sends the wrong part of the file. Try again later, or set a download mirror in Settings → Preferences.</source>
        <translation>连接不断中断，或服务器发送了文件的错误部分。请稍后再试，或在“设置 → 首选项”中设置下载镜像。</translation>
    </message>
    <message>
        <source>A stopped download of {name} ({variant}) is kept, and this one would replace it.</source>
        <translation>{name}（{variant}）有一个已停止的下载，保留着已下载的部分，这次下载会替换它。</translation>
    </message>
    <message>
        <source>Download the same variant to resume it, or discard the partial download first.</source>
        <translation>下载相同的变体即可继续，或先丢弃未完成的下载。</translation>
    </message>
    <message>
        <source>{host} does not have {repo}, or not all of its files.</source>
        <translation>{host} 上没有 {repo}，或缺少它的部分文件。</translation>
    </message>
    <message>
        <source>The catalog may be out of date: try again after updating Quire, or choose another model.</source>
        <translation>模型目录可能已过时：请更新 Quire 后重试，或选择其他模型。</translation>
    </message>
    <message>
        <source>{host} lets only signed-in users download {repo}.</source>
        <translation>{host} 只允许已登录的用户下载 {repo}。</translation>
    </message>
    <message>
        <source>Accept the model&apos;s terms on its page and sign in there, or choose another model.</source>
        <translation>请在该模型的页面上接受其条款并登录，或选择其他模型。</translation>
    </message>
    <message>
        <source>{host} could not send {repo} (error {status}).</source>
        <translation>{host} 无法发送 {repo}（错误 {status}）。</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>请稍后重试。</translation>
    </message>
    <message>
        <source>Turn Offline off in Settings → Preferences, or import a model from a folder or archive.</source>
        <translation>请在“设置 → 首选项”中关闭离线模式，或从文件夹或压缩包导入模型。</translation>
    </message>
    <message>
        <source>No translation model is installed.</source>
        <translation>尚未安装翻译模型。</translation>
    </message>
    <message>
        <source>Find one in the catalog (Models → Browse the catalog…).</source>
        <translation>请在目录中查找（模型 → 浏览模型目录…）。</translation>
    </message>
    <message>
        <source>This is a folder, not a file.</source>
        <translation>这是文件夹，不是文件。</translation>
    </message>
    <message>
        <source>Choose a single file, or drop the folder on Translate.</source>
        <translation>请选择单个文件，或将文件夹拖到“翻译”上。</translation>
    </message>
    <message>
        <source>The file is larger than the {limit} MB limit.</source>
        <translation>文件超过了 {limit} MB 的上限。</translation>
    </message>
    <message>
        <source>Split it into smaller files.</source>
        <translation>请将其拆分为较小的文件。</translation>
    </message>
    <message>
        <source>The file is not there any more.</source>
        <translation>文件已不存在。</translation>
    </message>
    <message>
        <source>It may have been moved or deleted; open it again.</source>
        <translation>它可能已被移动或删除；请重新打开。</translation>
    </message>
    <message>
        <source>Quire may not read this file.</source>
        <translation>Quire 无权读取此文件。</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions, or copy it somewhere you can read it.</source>
        <translation>请检查文件权限，或将其复制到可读取的位置。</translation>
    </message>
    <message>
        <source>This is not a text file.</source>
        <translation>这不是文本文件。</translation>
    </message>
    <message>
        <source>Open a text file or a supported document.</source>
        <translation>请打开文本文件或受支持的文档。</translation>
    </message>
    <message>
        <source>This is a spreadsheet, not a CSV file.</source>
        <translation>这是电子表格，不是 CSV 文件。</translation>
    </message>
    <message>
        <source>Save the sheet as CSV in Excel or LibreOffice, then open that.</source>
        <translation>请在 Excel 或 LibreOffice 中将该工作表另存为 CSV，然后打开它。</translation>
    </message>
    <message>
        <source>The table has no column {column}.</source>
        <translation>表格中没有 {column} 列。</translation>
    </message>
    <message>
        <source>Its columns are {columns}; choose one of them.</source>
        <translation>其列为：{columns}；请从中选择一列。</translation>
    </message>
    <message>
        <source>Column {column} of the table holds no text.</source>
        <translation>表格的 {column} 列中没有文本。</translation>
    </message>
    <message>
        <source>Choose the column that holds the texts to classify.</source>
        <translation>请选择包含待分类文本的列。</translation>
    </message>
    <message>
        <source>The table already has a column named {column}.</source>
        <translation>表格中已有名为 {column} 的列。</translation>
    </message>
    <message>
        <source>Rename that column first: a table classified before has label and score already.</source>
        <translation>请先重命名该列：已分类过的表格已有 label 和 score 列。</translation>
    </message>
    <message>
        <source>The CSV file is empty.</source>
        <translation>CSV 文件是空的。</translation>
    </message>
    <message>
        <source>Line {line} of the table has {fields} fields, but its header has {header}.</source>
        <translation>表格第 {line} 行有 {fields} 个字段，但表头只有 {header} 个。</translation>
    </message>
    <message>
        <source>Check that line for a comma or quote too many, then try again.</source>
        <translation>请检查该行是否多了逗号或引号，然后重试。</translation>
    </message>
    <message>
        <source>The CSV file cannot be read.</source>
        <translation>无法读取此 CSV 文件。</translation>
    </message>
    <message>
        <source>Save it again as CSV from the program that made it.</source>
        <translation>请用生成它的程序重新另存为 CSV。</translation>
    </message>
    <message>
        <source>Quire cannot tell which encoding this text is in.</source>
        <translation>Quire 无法判断此文本使用的编码。</translation>
    </message>
    <message>
        <source>Save the file as UTF-8 (Unicode) and try again; to read it in a pane, choose its encoding in File → Reopen with Encoding.</source>
        <translation>请将文件另存为 UTF-8 (Unicode) 后重试；如需在面板中读取，请在“文件 → 以指定编码重新打开”中选择其编码。</translation>
    </message>
    <message>
        <source>The file is not in {encoding}: byte {byte} does not fit.</source>
        <translation>该文件不是 {encoding} 编码：第 {byte} 个字节不符合。</translation>
    </message>
    <message>
        <source>Choose another encoding in File → Reopen with Encoding.</source>
        <translation>请在“文件 → 以指定编码重新打开”中选择另一种编码。</translation>
    </message>
    <message>
        <source>This is not a TBX termbase Quire reads.</source>
        <translation>这不是 Quire 能读取的 TBX 术语库。</translation>
    </message>
    <message>
        <source>Export the termbase again as TBX, or import a CSV of terms instead.</source>
        <translation>请重新将术语库导出为 TBX，或改为导入术语的 CSV 文件。</translation>
    </message>
    <message>
        <source>This termbase has no terms in {language}.</source>
        <translation>此术语库中没有{language}术语。</translation>
    </message>
    <message>
        <source>Its languages are {languages}.</source>
        <translation>其中的语言为：{languages}。</translation>
    </message>
    <message>
        <source>This termbase has terms in {language} only.</source>
        <translation>此术语库只有{language}术语。</translation>
    </message>
    <message>
        <source>Give a termbase with terms in the source language too.</source>
        <translation>请提供同时包含源语言术语的术语库。</translation>
    </message>
    <message>
        <source>A termbase holds terms in several languages: choose the target language.</source>
        <translation>术语库包含多种语言的术语：请选择目标语言。</translation>
    </message>
    <message>
        <source>This termbase holds terms in several languages: choose the source language.</source>
        <translation>此术语库包含多种语言的术语：请选择源语言。</translation>
    </message>
    <message>
        <source>This glossary is for translations from {source} into {target}.</source>
        <translation>此术语表用于从{source}译为{target}。</translation>
    </message>
    <message>
        <source>any language</source>
        <translation>任意语言</translation>
    </message>
    <message>
        <source>Give a glossary for {target}, or set its languages in Settings → Glossary…</source>
        <translation>请提供用于{target}的术语表，或在“设置 → 术语表…”中设置其语言。</translation>
    </message>
    <message>
        <source>This termbase has no terms to use from {source} into {target}.</source>
        <translation>此术语库中没有可用于从{source}译为{target}的术语。</translation>
    </message>
    <message>
        <source>Forbidden, deprecated and superseded terms are not used; choose another termbase or language pair.</source>
        <translation>禁用、弃用和已被取代的术语不会使用；请选择其他术语库或语言对。</translation>
    </message>
    <message>
        <source>A translation memory (TMX) is not a glossary.</source>
        <translation>翻译记忆库（TMX）不是术语表。</translation>
    </message>
    <message>
        <source>Add its terms in the glossary (Settings → Glossary…). As a translation memory, choose a .tmx file exported from a CAT tool.</source>
        <translation>请在术语表（设置 → 术语表…）中添加其术语。作为翻译记忆库，请选择从 CAT 工具导出的 .tmx 文件。</translation>
    </message>
    <message>
        <source>The translation memory {name} is not there any more.</source>
        <translation>翻译记忆库 {name} 已不存在。</translation>
    </message>
    <message>
        <source>It was moved or deleted, or is on a drive that is not connected: choose it again with the Memory… button, or stop using it with the ✕ beside it.</source>
        <translation>它已被移动或删除，或位于未连接的驱动器上：请用“记忆库…”按钮重新选择，或用旁边的 ✕ 停止使用它。</translation>
    </message>
    <message>
        <source>{pairs} and {count} more</source>
        <translation>{pairs} 等（另有 {count} 个）</translation>
    </message>
    <message>
        <source>Choose a translation memory for these languages, or stop using it with the ✕ beside the Memory… button.</source>
        <translation>请选择适用于这些语言的翻译记忆库，或用“记忆库…”按钮旁边的 ✕ 停止使用它。</translation>
    </message>
    <message>
        <source>Export the memory with its inline codes as plain text, or stop using it with the ✕ beside the Memory… button.</source>
        <translation>请将记忆库连同内联代码导出为纯文本，或用“记忆库…”按钮旁边的 ✕ 停止使用它。</translation>
    </message>
    <message>
        <source>Download a translation model for these languages from the catalog, or stop using the memory with the ✕ beside the Memory… button.</source>
        <translation>请从模型目录下载适用于这些语言的翻译模型，或用“记忆库…”按钮旁边的 ✕ 停止使用记忆库。</translation>
    </message>
    <message>
        <source>This is an XML file (&lt;{root}&gt;), not a glossary Quire reads.</source>
        <translation>这是 XML 文件（&lt;{root}&gt;），不是 Quire 能读取的术语表。</translation>
    </message>
    <message>
        <source>Give a glossary as CSV or tab-separated text (term, tab, translation), or a TBX termbase (.tbx).</source>
        <translation>请以 CSV 或制表符分隔的文本（术语、制表符、译文）或 TBX 术语库（.tbx）提供术语表。</translation>
    </message>
    <message>
        <source>This is a spreadsheet, not a glossary.</source>
        <translation>这是电子表格，不是术语表。</translation>
    </message>
    <message>
        <source>Save the sheet of terms as CSV or as Unicode Text in Excel or LibreOffice Calc, then import that.</source>
        <translation>请在 Excel 或 LibreOffice Calc 中将术语工作表另存为 CSV 或 Unicode 文本，然后导入该文件。</translation>
    </message>
    <message>
        <source>The glossary has no terms.</source>
        <translation>术语表中没有术语。</translation>
    </message>
    <message>
        <source>Give a file with a term and its translation on each line.</source>
        <translation>请提供每行包含一个术语及其译文的文件。</translation>
    </message>
    <message>
        <source>There is no text to translate.</source>
        <translation>没有要翻译的文本。</translation>
    </message>
    <message>
        <source>There is no text to classify.</source>
        <translation>没有要分类的文本。</translation>
    </message>
    <message>
        <source>There is no question.</source>
        <translation>没有问题。</translation>
    </message>
    <message>
        <source>There is no text to search for the answer.</source>
        <translation>没有可从中查找答案的文本。</translation>
    </message>
    <message>
        <source>The question is too long for the model, which reads {window} tokens.</source>
        <translation>问题太长，该模型最多读取 {window} 个词元。</translation>
    </message>
    <message>
        <source>Ask a shorter question.</source>
        <translation>请提出更短的问题。</translation>
    </message>
    <message>
        <source>A text without letters has no language to detect.</source>
        <translation>没有字母的文本无法检测语言。</translation>
    </message>
    <message>
        <source>Choose the source language in From.</source>
        <translation>请在“从”中选择源语言。</translation>
    </message>
    <message>
        <source>The text is already in {language}.</source>
        <translation>文本已经是{language}。</translation>
    </message>
    <message>
        <source>Choose another language to translate into.</source>
        <translation>请选择另一种目标语言。</translation>
    </message>
    <message>
        <source>Its translation would be written to {output}, where another file&apos;s goes.</source>
        <translation>它的译文将写入 {output}，而那里是另一个文件的译文。</translation>
    </message>
    <message>
        <source>Translate it on its own, or rename one of the two files.</source>
        <translation>请单独翻译它，或重命名两个文件之一。</translation>
    </message>
    <message>
        <source>{output} is there already, and the program that reads it finds it by its name alone: a copy beside it would not be read.</source>
        <translation>{output} 已经存在，而读取它的程序只按名称查找：放在旁边的副本不会被读取。</translation>
    </message>
    <message>
        <source>Move or rename {output} to have it replaced, or choose another output folder.</source>
        <translation>要替换它，请先移动或重命名 {output}，或选择另一个输出文件夹。</translation>
    </message>
    <message>
        <source>Choose the language to translate into.</source>
        <translation>请选择目标语言。</translation>
    </message>
    <message>
        <source>An instruction model translates into the language chosen in To.</source>
        <translation>指令模型会翻译成“到”中选择的语言。</translation>
    </message>
    <message>
        <source>The model chooses among labels you give.</source>
        <translation>模型会在你给出的标签中选择。</translation>
    </message>
    <message>
        <source>Type the labels in Labels, separated by commas.</source>
        <translation>请在“标签”中输入标签，用逗号分隔。</translation>
    </message>
    <message>
        <source>{name} is not an instruction model: it has no chat template.</source>
        <translation>{name} 不是指令模型：它没有对话模板。</translation>
    </message>
    <message>
        <source>Choose an instruction model in Model, or leave it on Automatic.</source>
        <translation>请在“模型”中选择一个指令模型，或保持“自动”。</translation>
    </message>
    <message>
        <source>No classification model is installed.</source>
        <translation>尚未安装分类模型。</translation>
    </message>
    <message>
        <source>Download or import a classifier, an NLI model, a sentence-embedding model or an instruction model in Models → Manage models….</source>
        <translation>请在“模型 → 管理模型…”中下载或导入分类器、NLI 模型、句向量模型或指令模型。</translation>
    </message>
    <message>
        <source>No installed model can classify into labels you give.</source>
        <translation>已安装的模型都无法按你给出的标签分类。</translation>
    </message>
    <message>
        <source>Download or import an NLI model, a sentence-embedding model or an instruction model in Models → Manage models…, or clear Labels to use a classifier&apos;s own.</source>
        <translation>请在“模型 → 管理模型…”中下载或导入 NLI 模型、句向量模型或指令模型，或清空“标签”以使用分类器自带的标签。</translation>
    </message>
    <message>
        <source>From {source}, the installed models translate into {targets}.</source>
        <translation>已安装的模型可将{source}翻译为：{targets}。</translation>
    </message>
    <message>
        <source>A model called “{name}” is already installed.</source>
        <translation>已经安装了名为“{name}”的模型。</translation>
    </message>
    <message>
        <source>Remove it in Models → Manage models first, then import again.</source>
        <translation>请先在“模型 → 管理模型”中删除它，然后重新导入。</translation>
    </message>
    <message>
        <source>Quire cannot write the file there: {reason}.</source>
        <translation>Quire 无法在那里写入文件：{reason}。</translation>
    </message>
    <message>
        <source>Choose another folder, or check that you may write to it.</source>
        <translation>请选择其他文件夹，或确认你有权写入该文件夹。</translation>
    </message>
    <message>
        <source>No installed model is called “{name}”.</source>
        <translation>没有名为“{name}”的已安装模型。</translation>
    </message>
    <message>
        <source>Choose an installed model, or find it in the catalog.</source>
        <translation>请选择已安装的模型，或在目录中查找。</translation>
    </message>
    <message>
        <source>The model folder has no {file}.</source>
        <translation>模型文件夹中没有 {file}。</translation>
    </message>
    <message>
        <source>Import the model again from a complete folder or archive, or download it from the catalog.</source>
        <translation>请从完整的文件夹或压缩包重新导入模型，或从目录下载。</translation>
    </message>
    <message>
        <source>{file} and the model folder&apos;s other large files are Git LFS pointers, not the files themselves: the repository was cloned without Git LFS.</source>
        <translation>{file} 及模型文件夹中的其他大文件是 Git LFS 指针，而不是文件本身：克隆该仓库时没有使用 Git LFS。</translation>
    </message>
    <message>
        <source>In the folder, run “git lfs install” and “git lfs pull”, then import it again; or download the model from the catalog.</source>
        <translation>请在该文件夹中运行“git lfs install”和“git lfs pull”，然后重新导入；或从模型目录下载该模型。</translation>
    </message>
    <message>
        <source>This checkpoint holds only pickled weights, which can run code.</source>
        <translation>这个检查点只有 pickle 格式的权重，而 pickle 可以运行代码。</translation>
    </message>
    <message>
        <source>Quire never loads them: use a version with ONNX or safetensors weights.</source>
        <translation>Quire 从不加载这种权重：请使用带 ONNX 或 safetensors 权重的版本。</translation>
    </message>
    <message>
        <source>Quire imports a model folder, a .zip or a .tar.gz.</source>
        <translation>Quire 可以导入模型文件夹、.zip 或 .tar.gz 文件。</translation>
    </message>
    <message>
        <source>Choose the folder that holds config.json, or unpack other archive kinds first.</source>
        <translation>请选择包含 config.json 的文件夹，其他类型的压缩包请先解压。</translation>
    </message>
    <message>
        <source>The archive cannot be read.</source>
        <translation>无法读取这个压缩包。</translation>
    </message>
    <message>
        <source>It may be damaged or incomplete: download it again.</source>
        <translation>它可能已损坏或不完整：请重新下载。</translation>
    </message>
    <message>
        <source>There is nothing to import there any more.</source>
        <translation>那里已经没有可导入的内容了。</translation>
    </message>
    <message>
        <source>It may have been moved or deleted; choose it again.</source>
        <translation>它可能已被移动或删除；请重新选择。</translation>
    </message>
    <message>
        <source>A stopped download of a model called “{name}” is kept.</source>
        <translation>名为“{name}”的模型有一个已停止的下载，其已下载部分仍保留着。</translation>
    </message>
    <message>
        <source>Resume or discard it in Models → Manage models…, on the Catalog tab.</source>
        <translation>请在“模型 → 管理模型…”的“模型目录”选项卡中继续或丢弃它。</translation>
    </message>
    <message>
        <source>What Quire recorded about “{name}” when it was installed cannot be read.</source>
        <translation>无法读取 Quire 在安装“{name}”时记录的信息。</translation>
    </message>
    <message>
        <source>Its quire.json was edited or damaged. Verify the model; to say what it is for, remove it and import or download it again.</source>
        <translation>其 quire.json 已被编辑或损坏。请校验该模型；若要说明其用途，请删除后重新导入或下载。</translation>
    </message>
    <message>
        <source>A model called “{name}” is being downloaded now.</source>
        <translation>名为“{name}”的模型正在下载。</translation>
    </message>
    <message>
        <source>Wait for its download to end, or import the folder under another name.</source>
        <translation>请等待其下载结束，或用其他名称导入该文件夹。</translation>
    </message>
    <message>
        <source>{name} cannot be used for {role}.</source>
        <translation>{name} 不能用于{role}。</translation>
    </message>
    <message>
        <source>A model of its kind cannot do this task: choose a task it can do, or a model made for this one.</source>
        <translation>这类模型无法完成此任务：请选择它能做的任务，或选择为此任务而做的模型。</translation>
    </message>
    <message>
        <source>A model of its kind can do none of Quire&apos;s tasks: choose another model.</source>
        <translation>这类模型无法完成 Quire 的任何任务：请选择其他模型。</translation>
    </message>
    <message>
        <source>“{task}” is not one of Quire&apos;s tasks.</source>
        <translation>“{task}”不是 Quire 的任务。</translation>
    </message>
    <message>
        <source>Choose Translate, Summarize, Ask or Classify.</source>
        <translation>请选择翻译、摘要、提问或分类。</translation>
    </message>
    <message>
        <source>The folder holds no model weights Quire can load.</source>
        <translation>该文件夹中没有 Quire 可加载的模型权重。</translation>
    </message>
    <message>
        <source>Quire loads ONNX files and safetensors weights, never pickled ones (pytorch_model.bin); use Convert checkpoint… for a safetensors checkpoint.</source>
        <translation>Quire 只加载 ONNX 文件和 safetensors 权重，从不加载 pickle 权重（pytorch_model.bin）；safetensors 检查点请用“转换检查点…”。</translation>
    </message>
    <message>
        <source>Choose another model in Model, or leave it on Automatic.</source>
        <translation>请在“模型”中选择另一个模型，或保持“自动”。</translation>
    </message>
    <message>
        <source>The computer ran out of memory for this job.</source>
        <translation>这项任务所需的内存超出了电脑的可用内存。</translation>
    </message>
    <message>
        <source>Close other programs, or choose a smaller model or variant (int8 or q4), then try again.</source>
        <translation>请关闭其他程序，或选择更小的模型或版本（int8 或 q4），然后重试。</translation>
    </message>
    <message>
        <source>The engine could not start.</source>
        <translation>引擎无法启动。</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, restart the computer.</source>
        <translation>请重试；如果问题持续出现，请重新启动电脑。</translation>
    </message>
    <message>
        <source>No summarization model is installed.</source>
        <translation>尚未安装摘要模型。</translation>
    </message>
    <message>
        <source>Download a summarizer, a sentence-embedding model or an instruction model in Models → Manage models….</source>
        <translation>请在“模型 → 管理模型…”中下载摘要模型、句向量模型或指令模型。</translation>
    </message>
    <message>
        <source>There is no text to summarize.</source>
        <translation>没有可摘要的文本。</translation>
    </message>
    <message>
        <source>{name} writes a summary in the text&apos;s own language, not in {language}.</source>
        <translation>{name} 只能用原文的语言写摘要，不能用{language}。</translation>
    </message>
    <message>
        <source>Install an instruction model to summarize into another language, or set Language to The text&apos;s.</source>
        <translation>如需用另一种语言写摘要，请安装指令模型；或将“语言”设为“与原文相同”。</translation>
    </message>
    <message>
        <source>{name} is a translation model: it cannot summarize.</source>
        <translation>{name} 是翻译模型，不能写摘要。</translation>
    </message>
    <message>
        <source>{name} cannot summarize.</source>
        <translation>{name} 不能写摘要。</translation>
    </message>
    <message>
        <source>No question-answering or sentence-embedding model is installed.</source>
        <translation>尚未安装问答模型或句向量模型。</translation>
    </message>
    <message>
        <source>Download one in Models → Manage models….</source>
        <translation>请在“模型 → 管理模型…”中下载一个。</translation>
    </message>
    <message>
        <source>{name} is neither a question-answering nor a sentence-embedding model.</source>
        <translation>{name} 既不是问答模型，也不是句向量模型。</translation>
    </message>
    <message>
        <source>The text is {length} tokens long, and the model reads at most {window}.</source>
        <translation>文本长 {length} 个词元，而该模型最多只能读取 {window} 个。</translation>
    </message>
    <message>
        <source>Shorten the text, or choose a model that reads more.</source>
        <translation>请缩短文本，或选择能读取更长文本的模型。</translation>
    </message>
    <message>
        <source>{name} cannot translate: it does not write text.</source>
        <translation>{name} 不能翻译：它不生成文本。</translation>
    </message>
    <message>
        <source>{name} is a summarization model: it cannot translate.</source>
        <translation>{name} 是摘要模型，不能翻译。</translation>
    </message>
    <message>
        <source>{name} does not translate into {target}.</source>
        <translation>{name} 不能翻译成{target}。</translation>
    </message>
    <message>
        <source>Choose another language in To, or another model.</source>
        <translation>请在“到”中选择另一种语言，或选择另一个模型。</translation>
    </message>
    <message>
        <source>{name} cannot classify into labels you give.</source>
        <translation>{name} 不能按您给出的标签分类。</translation>
    </message>
    <message>
        <source>Clear Labels to use the model&apos;s own, or choose an NLI, sentence-embedding or instruction model.</source>
        <translation>请清空“标签”以使用模型自带的标签，或选择 NLI 模型、句向量模型或指令模型。</translation>
    </message>
    <message>
        <source>{name} has no labels of its own.</source>
        <translation>{name} 没有自带的标签。</translation>
    </message>
    <message>
        <source>{name} is not a classification model.</source>
        <translation>{name} 不是分类模型。</translation>
    </message>
    <message>
        <source>Each label must be given once, and none may be empty.</source>
        <translation>每个标签只能出现一次，且不能为空。</translation>
    </message>
    <message>
        <source>Check the labels in Labels.</source>
        <translation>请检查“标签”中的标签。</translation>
    </message>
    <message>
        <source>A {suffix} file cannot be saved as {output}.</source>
        <translation>{suffix} 文件不能保存为 {output}。</translation>
    </message>
    <message>
        <source>A {suffix} file cannot be saved without an extension.</source>
        <translation>{suffix} 文件不能保存为没有扩展名的文件。</translation>
    </message>
    <message>
        <source>Save it as one of: {allowed}.</source>
        <translation>请保存为以下格式之一：{allowed}。</translation>
    </message>
    <message>
        <source>The translated document could not be written.</source>
        <translation>无法写入翻译后的文档。</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, please report it with the details below.</source>
        <translation>请重试；如果问题持续出现，请连同下方的详细信息一起报告。</translation>
    </message>
    <message>
        <source>The document is too large inside for Quire to read.</source>
        <translation>文档内部的内容过大，Quire 无法读取。</translation>
    </message>
    <message>
        <source>Split it into smaller documents, then try again.</source>
        <translation>请将其拆分为较小的文档，然后重试。</translation>
    </message>
    <message>
        <source>Reading the PDF&apos;s layout took more than {seconds} seconds; Quire stopped at page {page}.</source>
        <translation>读取 PDF 的版面用时超过 {seconds} 秒；Quire 在第 {page} 页停止。</translation>
    </message>
    <message>
        <source>Split it into smaller files, or print it to a new PDF, then try again.</source>
        <translation>请将其拆分为较小的文件，或将其打印为新的 PDF，然后重试。</translation>
    </message>
    <message>
        <source>The result would overwrite the file it is made from.</source>
        <translation>结果会覆盖生成它的原文件。</translation>
    </message>
    <message>
        <source>Choose another name or folder for the result.</source>
        <translation>请为结果选择另一个名称或文件夹。</translation>
    </message>
    <message>
        <source>A folder is in the way where the result would be saved.</source>
        <translation>结果要保存的位置已有一个文件夹。</translation>
    </message>
    <message>
        <source>Quire unpacks only plain files that stay inside the model folder. Get the model from a source you trust, or unpack it yourself and import the folder.</source>
        <translation>Quire 只解压留在模型文件夹内的普通文件。请从可信的来源获取模型，或自行解压后导入文件夹。</translation>
    </message>
    <message>
        <source>Free some space on that disk, then try again.</source>
        <translation>请在该磁盘上释放一些空间，然后重试。</translation>
    </message>
    <message>
        <source>{file} asks to run the model&apos;s own Python code, which Quire never does.</source>
        <translation>{file} 要求运行模型自带的 Python 代码，Quire 从不这样做。</translation>
    </message>
    <message>
        <source>Use a version of the model that needs no code of its own (an ONNX export).</source>
        <translation>请使用不需要自带代码的模型版本（ONNX 导出版本）。</translation>
    </message>
    <message>
        <source>The model folder holds a link or a special file, which Quire does not copy.</source>
        <translation>模型文件夹中含有链接或特殊文件，Quire 不会复制它们。</translation>
    </message>
    <message>
        <source>Copy the model&apos;s files into a new folder and import that.</source>
        <translation>请将模型的文件复制到一个新文件夹中，然后导入该文件夹。</translation>
    </message>
    <message>
        <source>A model called {name} is being imported now.</source>
        <translation>名为 {name} 的模型正在导入。</translation>
    </message>
    <message>
        <source>Wait for the import to end, or choose another name.</source>
        <translation>请等待导入结束，或另选一个名称。</translation>
    </message>
    <message>
        <source>{name} was removed while it was being verified.</source>
        <translation>{name} 在校验过程中被删除了。</translation>
    </message>
    <message>
        <source>It is no longer installed.</source>
        <translation>它已不再安装。</translation>
    </message>
    <message>
        <source>This model is installed already, as {name}.</source>
        <translation>此模型已安装，名为 {name}。</translation>
    </message>
    <message>
        <source>Choose {name} in the panes&apos; model lists.</source>
        <translation>请在各窗格的模型列表中选择 {name}。</translation>
    </message>
    <message>
        <source>{file} in the model folder is a link to a file that is not there: the download may not have finished.</source>
        <translation>模型文件夹中的 {file} 是指向不存在文件的链接：下载可能尚未完成。</translation>
    </message>
    <message>
        <source>Download the model again, then import it.</source>
        <translation>请重新下载该模型，然后再导入。</translation>
    </message>
    <message>
        <source>The archive holds an entry that would land outside the model folder: {entry}.</source>
        <translation>压缩包中有一个条目会落到模型文件夹之外：{entry}。</translation>
    </message>
    <message>
        <source>The archive holds an entry that Quire does not unpack: {entry}.</source>
        <translation>压缩包中有一个 Quire 不会解压的条目：{entry}。</translation>
    </message>
    <message>
        <source>The archive holds more than {count} files, too many for a model.</source>
        <translation>压缩包中的文件超过 {count} 个，对模型来说太多了。</translation>
    </message>
    <message>
        <source>The archive holds {count} files, too many for a model.</source>
        <translation>压缩包中有 {count} 个文件，对模型来说太多了。</translation>
    </message>
    <message>
        <source>Check that you chose the right archive.</source>
        <translation>请检查您选择的压缩包是否正确。</translation>
    </message>
    <message>
        <source>The archive would unpack to {size}, more than the {limit} Quire accepts.</source>
        <translation>压缩包解压后将达到 {size}，超过了 Quire 接受的 {limit}。</translation>
    </message>
    <message>
        <source>The archive is encrypted, or compressed in a way Quire cannot unpack.</source>
        <translation>压缩包已加密，或采用了 Quire 无法解压的压缩方式。</translation>
    </message>
    <message>
        <source>Unpack it with your archive tool, then import the folder.</source>
        <translation>请用您的解压工具解压，然后导入文件夹。</translation>
    </message>
    <message>
        <source>There is not enough disk space: {need} is needed and {free} is free.</source>
        <translation>磁盘空间不足：需要 {need}，可用 {free}。</translation>
    </message>
    <message>
        <source>There is not enough free disk space for the model.</source>
        <translation>磁盘上没有足够的可用空间来存放该模型。</translation>
    </message>
    <message>
        <source>Quire cannot write to its model folder: {reason}.</source>
        <translation>Quire 无法写入其模型文件夹：{reason}。</translation>
    </message>
    <message>
        <source>Check that the disk has room and that Quire may write to its folder.</source>
        <translation>请检查磁盘是否有空间，以及 Quire 是否可以写入其文件夹。</translation>
    </message>
    <message>
        <source>Quire could not remove the model&apos;s files: {reason}.</source>
        <translation>Quire 无法删除该模型的文件：{reason}。</translation>
    </message>
    <message>
        <source>Close programs that use them and check the folder&apos;s permissions, then try again.</source>
        <translation>请关闭正在使用这些文件的程序并检查文件夹权限，然后重试。</translation>
    </message>
    <message>
        <source>Choose another model in the catalog.</source>
        <translation>请在目录中选择另一个模型。</translation>
    </message>
    <message>
        <source>The certificate of {host} could not be verified.</source>
        <translation>无法验证 {host} 的证书。</translation>
    </message>
    <message>
        <source>Check the computer&apos;s date and time. On a company network, ask its administrator, or set a download mirror in Settings → Preferences.</source>
        <translation>请检查电脑的日期和时间。如在公司网络中，请咨询网络管理员，或在“设置 → 首选项”中设置下载镜像。</translation>
    </message>
    <message>
        <source>The disk filled up during the download.</source>
        <translation>下载过程中磁盘已满。</translation>
    </message>
    <message>
        <source>Free some space on that disk, then download again.</source>
        <translation>请在该磁盘上释放一些空间，然后重新下载。</translation>
    </message>
    <message>
        <source>The download could not be saved: {reason}.</source>
        <translation>无法保存下载内容：{reason}。</translation>
    </message>
    <message>
        <source>Check that Quire may write to its model folder, then try again.</source>
        <translation>请检查 Quire 是否可以写入其模型文件夹，然后重试。</translation>
    </message>
    <message>
        <source>The download needs {need}, and {free} is free.</source>
        <translation>此次下载需要 {need}，当前可用 {free}。</translation>
    </message>
    <message>
        <source>Free some space, or choose a smaller variant.</source>
        <translation>请释放一些空间，或选择更小的版本。</translation>
    </message>
    <message>
        <source>{repo} has no ONNX files Quire can run.</source>
        <translation>{repo} 没有 Quire 能运行的 ONNX 文件。</translation>
    </message>
    <message>
        <source>The files of {repo} are not a model Quire can run. Nothing was installed.</source>
        <translation>{repo} 的文件不是 Quire 能运行的模型。未安装任何内容。</translation>
    </message>
    <message>
        <source>{repo} has no {file}, so Quire cannot use it.</source>
        <translation>{repo} 缺少 {file}，Quire 无法使用它。</translation>
    </message>
    <message>
        <source>The server sent no checksum for {path}, so the file cannot be verified.</source>
        <translation>服务器没有发送 {path} 的校验和，因此无法验证该文件。</translation>
    </message>
    <message>
        <source>Download from the Hugging Face hub, or set a mirror that passes checksums through in Settings → Preferences.</source>
        <translation>请从 Hugging Face Hub 下载，或在“设置 → 首选项”中设置会传递校验和的镜像。</translation>
    </message>
    <message>
        <source>{path} arrived damaged: it does not match the hub&apos;s copy. Nothing was installed.</source>
        <translation>{path} 下载后已损坏：与 Hub 上的副本不一致。没有安装任何内容。</translation>
    </message>
    <message>
        <source>Download it again; if it keeps happening, the network or the mirror alters files.</source>
        <translation>请重新下载；如果问题持续出现，说明网络或镜像篡改了文件。</translation>
    </message>
    <message>
        <source>Choose the folder that holds the model&apos;s config.json.</source>
        <translation>请选择包含该模型 config.json 的文件夹。</translation>
    </message>
    <message>
        <source>There is no checkpoint folder there.</source>
        <translation>那里没有检查点文件夹。</translation>
    </message>
    <message>
        <source>The checkpoint has no config.json.</source>
        <translation>该检查点没有 config.json。</translation>
    </message>
    <message>
        <source>The checkpoint has no safetensors weights.</source>
        <translation>该检查点没有 safetensors 权重。</translation>
    </message>
    <message>
        <source>Quire never loads pickled weights (pytorch_model.bin): save the model with safetensors first, or import its ONNX version.</source>
        <translation>Quire 从不加载 pickle 权重（pytorch_model.bin）：请先用 safetensors 格式保存模型，或导入其 ONNX 版本。</translation>
    </message>
    <message>
        <source>The checkpoint has no tokenizer.json (a fast tokenizer).</source>
        <translation>该检查点没有 tokenizer.json（快速分词器）。</translation>
    </message>
    <message>
        <source>Save the model&apos;s fast tokenizer into the folder first, or import its ONNX version.</source>
        <translation>请先将模型的快速分词器保存到该文件夹中，或导入其 ONNX 版本。</translation>
    </message>
    <message>
        <source>The folder for the converted model already exists.</source>
        <translation>用于存放转换后模型的文件夹已存在。</translation>
    </message>
    <message>
        <source>Remove it, or convert the checkpoint under another name.</source>
        <translation>请删除它，或以另一个名称转换该检查点。</translation>
    </message>
    <message>
        <source>This installation of Quire cannot convert checkpoints to ONNX.</source>
        <translation>此 Quire 安装无法将检查点转换为 ONNX。</translation>
    </message>
    <message>
        <source>Import the model&apos;s ONNX version, or convert it with Quire&apos;s command line where its export tools are installed.</source>
        <translation>请导入该模型的 ONNX 版本，或在安装了导出工具的环境中用 Quire 的命令行进行转换。</translation>
    </message>
    <message>
        <source>The model&apos;s {file} is damaged: it is not valid JSON.</source>
        <translation>模型的 {file} 已损坏：它不是有效的 JSON。</translation>
    </message>
    <message>
        <source>Import the model again from a complete folder or archive, or download it again.</source>
        <translation>请从完整的文件夹或压缩包重新导入该模型，或重新下载。</translation>
    </message>
    <message>
        <source>The model&apos;s {variant} ONNX files are incomplete: {missing} is missing.</source>
        <translation>该模型的 {variant} ONNX 文件不完整：缺少 {missing}。</translation>
    </message>
    <message>
        <source>The model&apos;s config.json does not say what kind of model it is.</source>
        <translation>该模型的 config.json 未说明它是哪种模型。</translation>
    </message>
    <message>
        <source>The model&apos;s config.json names its kind in a form Quire cannot read.</source>
        <translation>该模型的 config.json 以 Quire 无法读取的形式写明其类型。</translation>
    </message>
    <message>
        <source>The model writes text, but its ONNX files are one model.onnx, not the encoder and decoder Quire runs.</source>
        <translation>该模型用于生成文本，但其 ONNX 文件只有一个 model.onnx，而不是 Quire 运行所需的编码器和解码器。</translation>
    </message>
    <message>
        <source>Import a version exported for text generation (with separate encoder and decoder files), or convert the checkpoint with Convert checkpoint… in Models → Manage models….</source>
        <translation>请导入为文本生成导出的版本（编码器和解码器为单独的文件），或在“模型 → 管理模型…”中用“转换检查点…”转换检查点。</translation>
    </message>
    <message>
        <source>The model&apos;s file {file} is a link to something outside its folder.</source>
        <translation>该模型的文件 {file} 是指向其文件夹之外的链接。</translation>
    </message>
    <message>
        <source>Remove the model in Models → Manage models, then import or download it again.</source>
        <translation>请在“模型 → 管理模型”中删除该模型，然后重新导入或下载。</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer.json cannot be read.</source>
        <translation>无法读取该模型的 tokenizer.json。</translation>
    </message>
    <message>
        <source>The file&apos;s language was unclear (it seemed {detected}, {confidence:.0%} sure): it was translated from {source}, the one language an installed model translates into {target}. If that is wrong, choose its language in From and translate it again.</source>
        <translation>无法确定该文件的语言（看起来是{detected}，置信度 {confidence:.0%}）：已按{source}翻译，这是已安装模型中唯一能译成{target}的语言。如果不对，请在“从”中选择它的语言，然后重新翻译。</translation>
    </message>
    <message>
        <source>{name}: drawn texts (SVG) kept in the source&apos;s language, not translated: {count}. A bilingual copy has no room for a translation beside a drawn line.</source>
        <translation>{name}：保留原文语言、未翻译的绘制文字（SVG）：{count} 处。双语副本中，绘制的文字行旁没有放置译文的空间。</translation>
    </message>
    <message>
        <source>A translation unit has no text in the source language ({language}): it is kept as it is.</source>
        <translation>有一个翻译单元没有源语言（{language}）的文本：保持原样。</translation>
    </message>
    <message>
        <source>{count} translation units have no text in the source language ({language}): they are kept as they are.</source>
        <translation>{count} 个翻译单元没有源语言（{language}）的文本：保持原样。</translation>
    </message>
    <message>
        <source>A translation unit&apos;s source is in another language ({languages}) than the file&apos;s ({language}): it is kept as it is, not translated.</source>
        <translation>有一个翻译单元的源文本使用的语言（{languages}）与文件的源语言（{language}）不同：保持原样，未翻译。</translation>
    </message>
    <message>
        <source>{count} translation units&apos; sources are in other languages ({languages}) than the file&apos;s ({language}): they are kept as they are, not translated.</source>
        <translation>{count} 个翻译单元的源文本使用的语言（{languages}）与文件的源语言（{language}）不同：保持原样，未翻译。</translation>
    </message>
    <message>
        <source>A caption whose translation needs more rows than it can show keeps its source text and is counted failed; to keep every translation, name the output {name} (or .vtt).</source>
        <translation>译文所需行数超过字幕可显示行数的字幕保留原文，并计为失败；要保留全部译文，请将输出命名为 {name}（或 .vtt）。</translation>
    </message>
    <message>
        <source>{count} captions show or go later than the source&apos;s, by up to {seconds} s (the first at {time}): their translations take longer to send than there was time for before them; a shorter translation, or the output named .srt or .vtt, keeps the times.</source>
        <translation>{count} 条字幕的出现或消失时间晚于原文，最多晚 {seconds} 秒（第一条在 {time}）：其译文的发送时间超过了之前可用的时间；译文更短，或将输出命名为 .srt 或 .vtt，可保持原时间。</translation>
    </message>
    <message>
        <source>The resource script has no text to translate: it is copied as it is.</source>
        <translation>资源脚本中没有需要翻译的文本：按原样复制。</translation>
    </message>
    <message>
        <source>The resource script also holds resources in other languages ({languages}): they are kept as they are, untranslated.</source>
        <translation>资源脚本中还有其他语言（{languages}）的资源：按原样保留，未翻译。</translation>
    </message>
    <message>
        <source>The translation does not fit in {encoding}: the resource script is written in UTF-16 with a byte order mark, as Visual Studio writes them.</source>
        <translation>译文无法用 {encoding} 编码：资源脚本改为带字节顺序标记的 UTF-16 写出，与 Visual Studio 的写法相同。</translation>
    </message>
    <message>
        <source>{name} is an {kind} file with a {suffix} name: it is read as one, and its translation written as {save_as}.</source>
        <translation>{name} 是扩展名为 {suffix} 的 {kind} 文件：按 {kind} 读取，译文保存为 {save_as}。</translation>
    </message>
    <message>
        <source>{name} is an Outlook message: its translation is written as an .eml file (the same message in the standard Internet form), which Outlook, Thunderbird and Apple Mail open.</source>
        <translation>{name} 是 Outlook 邮件：译文写成 .eml 文件（同一封邮件的标准互联网格式），Outlook、Thunderbird 和 Apple Mail 都能打开。</translation>
    </message>
    <message>
        <source>{name}: {count} attachment(s) that Outlook keeps as an embedded object or a link, not a file ({names}), not in the translation: save them from Outlook and attach them again.</source>
        <translation>{name}：{count} 个附件在 Outlook 中是嵌入对象或链接而不是文件（{names}），未包含在译文中：请在 Outlook 中将其另存，再重新附加。</translation>
    </message>
    <message>
        <source>Open it in {opener} and save it as {save_as}, or install LibreOffice (libreoffice.org) and Quire converts it, then try again.</source>
        <translation>请在 {opener} 中打开并另存为 {save_as}，或安装 LibreOffice（libreoffice.org）由 Quire 转换，然后重试。</translation>
    </message>
    <message>
        <source>Install LibreOffice (libreoffice.org) and Quire converts it, then try again.</source>
        <translation>请安装 LibreOffice（libreoffice.org），由 Quire 转换，然后重试。</translation>
    </message>
    <message>
        <source>Open it in {opener} and save it as {save_as} and translate that, or update LibreOffice, then try again.</source>
        <translation>请在 {opener} 中打开并另存为 {save_as} 再翻译该文件，或更新 LibreOffice，然后重试。</translation>
    </message>
    <message>
        <source>Save it as {save_as} in {program} and translate that, or update LibreOffice, then try again.</source>
        <translation>请在 {program} 中将其另存为 {save_as} 并翻译该文件，或更新 LibreOffice，然后重试。</translation>
    </message>
    <message>
        <source>Update LibreOffice, then try again.</source>
        <translation>请更新 LibreOffice，然后重试。</translation>
    </message>
    <message>
        <source>This workbook holds SmartArt, whose words LibreOffice&apos;s conversion of an .xlsb leaves out.</source>
        <translation>此工作簿含有 SmartArt，LibreOffice 转换 .xlsb 时会遗漏其中的文字。</translation>
    </message>
    <message>
        <source>Save it as .xlsx in Excel (File &gt; Save As), then try again with that.</source>
        <translation>请在 Excel 中将其另存为 .xlsx（文件 &gt; 另存为），然后用该文件重试。</translation>
    </message>
    <message>
        <source>LibreOffice&apos;s conversion of the workbook came out without its text (the workbook holds a string): it may be saved by an early version of Excel 2007, which LibreOffice does not read.</source>
        <translation>LibreOffice 转换后的工作簿丢失了文字（原工作簿含有 1 个字符串）：它可能由 Excel 2007 的早期版本保存，LibreOffice 无法读取。</translation>
    </message>
    <message>
        <source>LibreOffice&apos;s conversion of the workbook came out without its text (the workbook holds {count} strings): it may be saved by an early version of Excel 2007, which LibreOffice does not read.</source>
        <translation>LibreOffice 转换后的工作簿丢失了文字（原工作簿含有 {count} 个字符串）：它可能由 Excel 2007 的早期版本保存，LibreOffice 无法读取。</translation>
    </message>
    <message>
        <source>This Hangul document is of Hangul 2002 or later (HWP 5.0), which LibreOffice does not open: Quire reads Hangul 97&apos;s and 3.0&apos;s.</source>
        <translation>此韩文文档来自 Hangul 2002 或更高版本（HWP 5.0），LibreOffice 无法打开：Quire 只能读取 Hangul 97 和 3.0 的文档。</translation>
    </message>
    <message>
        <source>Open it in Hangul, save it as a Word document (.docx) (File &gt; Save As), then try again with that.</source>
        <translation>请在 Hangul 中打开它，另存为 Word 文档（.docx）（文件 &gt; 另存为），然后用该文件重试。</translation>
    </message>
    <message>
        <source>Open it in {opener}, save it as {save_as}, then try again with that.</source>
        <translation>请在 {opener} 中打开，另存为 {save_as}，然后用该文件重试。</translation>
    </message>
    <message>
        <source>Open and save it again in {program}, then try again.</source>
        <translation>请在 {program} 中打开并重新保存，然后重试。</translation>
    </message>
    <message>
        <source>Check that LibreOffice starts on its own and reinstall it if not, or export the file as {export} ({save_as}) from {program}, then try again.</source>
        <translation>请检查 LibreOffice 能否单独启动，不能则重新安装；或在 {program} 中将文件导出为 {export}（{save_as}），然后重试。</translation>
    </message>
    <message>
        <source>Check that LibreOffice starts on its own and reinstall it if not, or open it in {opener} and save it as {save_as}, then try again.</source>
        <translation>请检查 LibreOffice 能否单独启动，不能则重新安装；或在 {opener} 中打开并另存为 {save_as}，然后重试。</translation>
    </message>
    <message>
        <source>Check that LibreOffice starts on its own and reinstall it if not, then try again.</source>
        <translation>请检查 LibreOffice 能否单独启动，不能则重新安装，然后重试。</translation>
    </message>
    <message>
        <source>A large file takes long: try again when the computer is less busy, or export it as {export} ({save_as}) from {program} and translate that.</source>
        <translation>大文件需要较长时间：请在电脑较空闲时重试，或在 {program} 中将其导出为 {export}（{save_as}）并翻译导出的文件。</translation>
    </message>
    <message>
        <source>A large file takes long: try again when the computer is less busy, or open it in {opener} and save it as {save_as} and translate that.</source>
        <translation>大文件需要较长时间：请在计算机较空闲时重试，或在 {opener} 中打开并另存为 {save_as} 再翻译该文件。</translation>
    </message>
    <message>
        <source>A large file takes long: try again when the computer is less busy.</source>
        <translation>大文件需要较长时间：请在计算机较空闲时重试。</translation>
    </message>
    <message>
        <source>The translation has characters a {suffix} file cannot hold: {characters}</source>
        <translation>译文中有 {suffix} 文件无法容纳的字符：{characters}</translation>
    </message>
    <message>
        <source>Save the translation as subtitles instead: name it {name} (or .vtt).</source>
        <translation>请改为将译文保存为字幕文件：命名为 {name}（或 .vtt）。</translation>
    </message>
    <message>
        <source>The EBU STL subtitle file is damaged near block {block}.</source>
        <translation>EBU STL 字幕文件在第 {block} 块附近已损坏。</translation>
    </message>
    <message>
        <source>Export it again from the subtitling program, then try again.</source>
        <translation>请从字幕软件重新导出，然后重试。</translation>
    </message>
    <message>
        <source>The EBU STL file names a character table Quire does not know ({table}).</source>
        <translation>该 EBU STL 文件指定了 Quire 不认识的字符表（{table}）。</translation>
    </message>
    <message>
        <source>Export it again with the Latin, Cyrillic, Arabic, Greek or Hebrew table.</source>
        <translation>请使用拉丁、西里尔、阿拉伯、希腊或希伯来字符表重新导出。</translation>
    </message>
    <message>
        <source>This .stl file is a 3-D model, not EBU subtitles.</source>
        <translation>此 .stl 文件是三维模型，不是 EBU 字幕。</translation>
    </message>
    <message>
        <source>Quire translates subtitles: a 3-D model has no text.</source>
        <translation>Quire 翻译的是字幕：三维模型中没有文字。</translation>
    </message>
    <message>
        <source>The file is damaged or incomplete: its end is missing, as when a download or copy is interrupted.</source>
        <translation>该文件已损坏或不完整：缺少结尾部分，就像下载或复制被中断时那样。</translation>
    </message>
    <message>
        <source>Download or copy it again, or open it in {editor} and save it again, then press Retry.</source>
        <translation>请重新下载或复制该文件，或在 {editor} 中打开并重新保存，然后按“重试”。</translation>
    </message>
    <message>
        <source>the program that made it</source>
        <translation>创建它的程序</translation>
    </message>
    <message>
        <source>The TMX file is damaged near line {line}.</source>
        <translation>此 TMX 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Export the translation memory again from the tool that made it, then try again.</source>
        <translation>请在生成它的工具中重新导出此翻译记忆库，然后重试。</translation>
    </message>
    <message>
        <source>This is not a TMX file: its root element is &lt;{root}&gt;, not &lt;tmx&gt;.</source>
        <translation>这不是 TMX 文件：其根元素是 &lt;{root}&gt;，而不是 &lt;tmx&gt;。</translation>
    </message>
    <message>
        <source>Give a translation memory in TMX (its root element &lt;tmx&gt;).</source>
        <translation>请提供 TMX 格式的翻译记忆库（根元素为 &lt;tmx&gt;）。</translation>
    </message>
    <message>
        <source>This is not a Final Draft screenplay: its root element is &lt;{root}&gt;, not &lt;FinalDraft&gt;.</source>
        <translation>这不是 Final Draft 剧本：它的根元素是 &lt;{root}&gt;，而不是 &lt;FinalDraft&gt;。</translation>
    </message>
    <message>
        <source>Give a screenplay saved by Final Draft (File &gt; Save As &gt; Final Draft Document, .fdx) or exported as one.</source>
        <translation>请提供由 Final Draft 保存（文件 &gt; 另存为 &gt; Final Draft 文档，.fdx）或导出为此格式的剧本。</translation>
    </message>
    <message>
        <source>This TMX file is of version {version}, which Quire does not read (it reads 1.1 to 1.4).</source>
        <translation>此 TMX 文件的版本为 {version}，Quire 无法读取（只能读取 1.1 至 1.4）。</translation>
    </message>
    <message>
        <source>Export the translation memory as TMX 1.4, then try again.</source>
        <translation>请将翻译记忆库导出为 TMX 1.4，然后重试。</translation>
    </message>
    <message>
        <source>This TMX file declares an entity (&amp;{name};) at line {line}: Quire does not expand entities, for safety.</source>
        <translation>此 TMX 文件在第 {line} 行声明了实体（&amp;{name};）：出于安全考虑，Quire 不展开实体。</translation>
    </message>
    <message>
        <source>Export the translation memory again without entity declarations, then try again.</source>
        <translation>请重新导出不含实体声明的翻译记忆库，然后重试。</translation>
    </message>
    <message>
        <source>No translation unit of this TMX file has a text in its source language ({language}).</source>
        <translation>此 TMX 文件中没有任何翻译单元含有源语言（{language}）的文本。</translation>
    </message>
    <message>
        <source>Name the language its texts are in as the source language, then try again.</source>
        <translation>请将其文本所用的语言指定为源语言，然后重试。</translation>
    </message>
    <message>
        <source>Every translation unit of this TMX file has a translation into {language} already.</source>
        <translation>此 TMX 文件的每个翻译单元都已有{language}译文。</translation>
    </message>
    <message>
        <source>Choose another target language: Quire adds translations, it does not replace them.</source>
        <translation>请选择其他目标语言：Quire 只添加译文，不替换已有译文。</translation>
    </message>
    <message>
        <source>This file is not a web page saved as one file (MHTML).</source>
        <translation>此文件不是保存为单个文件的网页（MHTML）。</translation>
    </message>
    <message>
        <source>It has no MIME header. Save the page again in your browser (Save as &gt; Webpage, Single File), then try again.</source>
        <translation>它没有 MIME 头。请在浏览器中重新保存该网页（另存为 &gt; 网页，单个文件），然后重试。</translation>
    </message>
    <message>
        <source>This web archive holds no HTML page, only its other parts.</source>
        <translation>此网页归档中没有 HTML 页面，只有其他部分。</translation>
    </message>
    <message>
        <source>Save the page again in your browser (Save as &gt; Webpage, Single File), then try again.</source>
        <translation>请在浏览器中重新保存该网页（另存为 &gt; 网页，单个文件），然后重试。</translation>
    </message>
    <message>
        <source>The web archive&apos;s parts cannot be found: its MIME structure is broken.</source>
        <translation>找不到网页归档的各个部分：其 MIME 结构已损坏。</translation>
    </message>
    <message>
        <source>The web archive is cut short.</source>
        <translation>网页归档不完整。</translation>
    </message>
    <message>
        <source>The file did not finish downloading or copying. Save the page again, then try again.</source>
        <translation>该文件未完成下载或复制。请重新保存该网页，然后重试。</translation>
    </message>
    <message>
        <source>The Outlook message is damaged or cut short.</source>
        <translation>该 Outlook 邮件已损坏或不完整。</translation>
    </message>
    <message>
        <source>Drag the message out of Outlook again (or save it with File &gt; Save As), then try again.</source>
        <translation>请从 Outlook 中重新拖出该邮件（或用“文件 &gt; 另存为”保存），然后重试。</translation>
    </message>
    <message>
        <source>This Outlook item is a contact (or a contact group), not a message: Quire translates messages.</source>
        <translation>此 Outlook 项目是联系人（或联系人组），不是邮件：Quire 翻译的是邮件。</translation>
    </message>
    <message>
        <source>In Outlook, forward the contact as a message (or copy its notes into one), save that, then try again.</source>
        <translation>请在 Outlook 中将该联系人作为邮件转发（或将其备注复制到一封邮件中），保存后重试。</translation>
    </message>
    <message>
        <source>This file is not an Outlook message: it is another kind of compound file (a Word, Excel or PowerPoint 97-2003 file, perhaps) under a .msg name.</source>
        <translation>此文件不是 Outlook 邮件：它是另一种复合文件（可能是 Word、Excel 或 PowerPoint 97-2003 文件），只是扩展名为 .msg。</translation>
    </message>
    <message>
        <source>Give the file its own extension (.doc, .xls, .ppt), or drag the message out of Outlook again, then try again.</source>
        <translation>请给文件改回正确的扩展名（.doc、.xls、.ppt），或从 Outlook 中重新拖出该邮件，然后重试。</translation>
    </message>
    <message>
        <source>A brace near line {line} of the Texinfo file is never closed.</source>
        <translation>Texinfo 文件第 {line} 行附近的花括号没有闭合。</translation>
    </message>
    <message>
        <source>makeinfo refuses the file too: close it, or put an @ before a brace that is text, then try again.</source>
        <translation>makeinfo 同样会拒绝此文件：请闭合它，或在作为文本的花括号前加 @，然后重试。</translation>
    </message>
    <message>
        <source>The Texinfo file nests braces more than {depth} deep, on line {line}.</source>
        <translation>此 Texinfo 文件在第 {line} 行的花括号嵌套超过 {depth} 层。</translation>
    </message>
    <message>
        <source>No manual needs so many: the file is likely damaged or was generated wrong. Check it with makeinfo, then try again.</source>
        <translation>没有手册需要这么多层：文件可能已损坏或生成有误。请用 makeinfo 检查后重试。</translation>
    </message>
    <message>
        <source>Quire cannot tell where the text near line {line} of the Texinfo file ends.</source>
        <translation>Quire 无法确定 Texinfo 文件第 {line} 行附近的文本在何处结束。</translation>
    </message>
    <message>
        <source>Nothing was written, rather than write that text twice. Please report it to Quire&apos;s authors with the file.</source>
        <translation>为避免将该文本写两遍，未写出任何内容。请将此文件报告给 Quire 的作者。</translation>
    </message>
    <message>
        <source>The {suffix} file is damaged near line {line}.</source>
        <translation>{suffix} 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Correct this catalog file, which replaces the shipped one, or stop using it. Installed models work as before.</source>
        <translation>请修正此目录文件（它替代了内置目录），或停止使用它。已安装的模型照常可用。</translation>
    </message>
    <message>
        <source>The model catalog is missing.</source>
        <translation>模型目录缺失。</translation>
    </message>
    <message>
        <source>The model catalog is damaged: it is not valid JSON.</source>
        <translation>模型目录已损坏：它不是有效的 JSON。</translation>
    </message>
    <message>
        <source>The model catalog is damaged: it does not list models the way Quire reads.</source>
        <translation>模型目录已损坏：它列出模型的方式不是 Quire 能读取的。</translation>
    </message>
    <message>
        <source>The model catalog&apos;s entry for {entry} is damaged.</source>
        <translation>模型目录中 {entry} 的条目已损坏。</translation>
    </message>
    <message>
        <source>The model&apos;s generation_config.json is damaged or made for another program: import the model again from a complete folder or archive, or choose another model.</source>
        <translation>该模型的 generation_config.json 已损坏，或是为其他程序制作的：请从完整的文件夹或压缩包重新导入该模型，或选择其他模型。</translation>
    </message>
    <message>
        <source>The model&apos;s generation setting {setting} cannot be {value}.</source>
        <translation>该模型的生成设置 {setting} 不能为 {value}。</translation>
    </message>
    <message>
        <source>The model&apos;s generation settings name tokens beyond its vocabulary of {vocab}.</source>
        <translation>该模型的生成设置提到了超出其词表（{vocab} 个词元）的词元。</translation>
    </message>
    <message>
        <source>The model does not say which token starts or ends what it writes.</source>
        <translation>该模型未说明用哪个词元开始或结束它写出的内容。</translation>
    </message>
    <message>
        <source>Its config.json or generation_config.json is incomplete: import the model again from a complete folder or archive.</source>
        <translation>其 config.json 或 generation_config.json 不完整：请从完整的文件夹或压缩包重新导入该模型。</translation>
    </message>
    <message>
        <source>{model} has no {variant} version, which the Variant preference asks for.</source>
        <translation>{model} 没有“变体”首选项所要求的 {variant} 版本。</translation>
    </message>
    <message>
        <source>Set Variant to Automatic in Settings → Preferences, or choose another model.</source>
        <translation>请在“设置 → 首选项”中将“变体”设为“自动”，或选择其他模型。</translation>
    </message>
    <message>
        <source>ONNX Runtime cannot open the model: its folder&apos;s name is not plain text.</source>
        <translation>ONNX Runtime 无法打开该模型：其文件夹名称不是纯文本。</translation>
    </message>
    <message>
        <source>Move Quire&apos;s models to a folder with a plain name, or rename the folder.</source>
        <translation>请将 Quire 的模型移到名称简单的文件夹中，或重命名该文件夹。</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer cannot read this text.</source>
        <translation>该模型的分词器无法读取这段文本。</translation>
    </message>
    <message>
        <source>Try a shorter or plainer text, or choose another model.</source>
        <translation>请换用更短或更简单的文本，或选择其他模型。</translation>
    </message>
    <message>
        <source>The model&apos;s chat template refuses this request: {reason}</source>
        <translation>该模型的对话模板拒绝了此请求：{reason}</translation>
    </message>
    <message>
        <source>Choose another instruction model in Model, or leave it on Automatic.</source>
        <translation>请在“模型”中选择其他指令模型，或将其保留为“自动”。</translation>
    </message>
    <message>
        <source>{model} cannot sort text into the labels you give: it is not an NLI model.</source>
        <translation>{model} 无法将文本归入你给出的标签：它不是 NLI 模型。</translation>
    </message>
    <message>
        <source>Choose an NLI model, a sentence-embedding model or an instruction model in Model, or leave it on Automatic.</source>
        <translation>请在“模型”中选择 NLI 模型、句向量模型或指令模型，或将其保留为“自动”。</translation>
    </message>
    <message>
        <source>{model} is not a sentence-embedding model.</source>
        <translation>{model} 不是句向量模型。</translation>
    </message>
    <message>
        <source>Choose another model, or leave Model on Automatic.</source>
        <translation>请选择其他模型，或将“模型”保留为“自动”。</translation>
    </message>
    <message>
        <source>“{name}” cannot be a model&apos;s name.</source>
        <translation>“{name}”不能用作模型名称。</translation>
    </message>
    <message>
        <source>Rename the folder or archive with letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, starting with a letter or digit, and import it again.</source>
        <translation>请用字母、数字、“.”、“_”和“-”重命名该文件夹或压缩包（以字母或数字开头），然后重新导入。</translation>
    </message>
    <message>
        <source>Quire may not convert this kind of model yet: import its ONNX version instead (the catalog has many).</source>
        <translation>Quire 可能还无法转换这类模型：请改为导入其 ONNX 版本（模型目录中有很多）。</translation>
    </message>
    <message>
        <source>The checkpoint&apos;s {file} does not hold what its name says.</source>
        <translation>检查点的 {file} 所含内容与其名称不符。</translation>
    </message>
    <message>
        <source>Save the checkpoint again from the program that made it, or import the model&apos;s ONNX version.</source>
        <translation>请用生成该检查点的程序重新保存它，或导入该模型的 ONNX 版本。</translation>
    </message>
    <message>
        <source>The ONNX exporter could not convert this checkpoint.</source>
        <translation>ONNX 导出器无法转换此检查点。</translation>
    </message>
    <message>
        <source>The ONNX exporter finished but wrote no model.</source>
        <translation>ONNX 导出器已结束，但没有写出模型。</translation>
    </message>
    <message>
        <source>Quire could not finish the converted model&apos;s ONNX files.</source>
        <translation>Quire 无法完成转换后模型的 ONNX 文件。</translation>
    </message>
    <message>
        <source>Check that the disk has room and try again, or import the model&apos;s ONNX version.</source>
        <translation>请检查磁盘空间后重试，或导入该模型的 ONNX 版本。</translation>
    </message>
    <message>
        <source>Quire could not make the {variant} version of the converted model.</source>
        <translation>Quire 无法生成转换后模型的 {variant} 版本。</translation>
    </message>
    <message>
        <source>The converted model does not work as a Quire model.</source>
        <translation>转换后的模型无法作为 Quire 模型使用。</translation>
    </message>
    <message>
        <source>The certificate bundle set for downloads is not there: {path}.</source>
        <translation>为下载设置的证书包不存在：{path}。</translation>
    </message>
    <message>
        <source>Point the certificate bundle setting (or REQUESTS_CA_BUNDLE) at an existing PEM file, or remove it, then start Quire again.</source>
        <translation>请将证书包设置（或 REQUESTS_CA_BUNDLE）指向一个存在的 PEM 文件，或将其删除，然后重新启动 Quire。</translation>
    </message>
    <message>
        <source>{name} has no {variant} version to download.</source>
        <translation>{name} 没有可下载的 {variant} 版本。</translation>
    </message>
    <message>
        <source>Choose another variant, or leave it on Automatic.</source>
        <translation>请选择其他变体，或将其保留为“自动”。</translation>
    </message>
    <message>
        <source>The download from {host} failed.</source>
        <translation>从 {host} 下载失败。</translation>
    </message>
    <message>
        <source>Check the network connection and try again; the details say what failed.</source>
        <translation>请检查网络连接后重试；详细信息中说明了失败的原因。</translation>
    </message>
    <message>
        <source>{host} sent no list of the files of {repo}.</source>
        <translation>{host} 没有发送 {repo} 的文件列表。</translation>
    </message>
    <message>
        <source>Try again later, or set a download mirror in Settings → Preferences.</source>
        <translation>请稍后重试，或在“设置 → 首选项”中设置下载镜像。</translation>
    </message>
    <message>
        <source>The catalog has no model called “{name}”.</source>
        <translation>模型目录中没有名为“{name}”的模型。</translation>
    </message>
    <message>
        <source>Choose a model from the catalog (Models → Browse the catalog…).</source>
        <translation>请从模型目录中选择模型（模型 → 浏览模型目录…）。</translation>
    </message>
    <message>
        <source>Quire cannot keep the translation&apos;s progress in {folder}.</source>
        <translation>Quire 无法在 {folder} 中保存翻译进度。</translation>
    </message>
    <message>
        <source>Check that the disk has room and that Quire may write to that folder.</source>
        <translation>请检查磁盘空间，以及 Quire 是否有权写入该文件夹。</translation>
    </message>
    <message>
        <source>This installation of Quire cannot read {suffix} files: its part {part} is missing.</source>
        <translation>此 Quire 安装无法读取 {suffix} 文件：缺少其组件 {part}。</translation>
    </message>
    <message>
        <source>Reinstall Quire.</source>
        <translation>请重新安装 Quire。</translation>
    </message>
    <message>
        <source>Quire does not know the encoding “{encoding}”.</source>
        <translation>Quire 不认识编码“{encoding}”。</translation>
    </message>
    <message>
        <source>The result cannot be written there: it is not an ordinary file.</source>
        <translation>结果无法写到那里：它不是普通文件。</translation>
    </message>
    <message>
        <source>The local API did not start in time.</source>
        <translation>本地 API 未能及时启动。</translation>
    </message>
    <message>
        <source>Wait a moment, then turn “Serve a local translation API” on again in Settings → Preferences.</source>
        <translation>请稍候，然后在“设置 → 首选项”中重新打开“为其他程序提供本地翻译 API”。</translation>
    </message>
    <message>
        <source>The local API could not start.</source>
        <translation>本地 API 无法启动。</translation>
    </message>
    <message>
        <source>Quire&apos;s engine ran into a bug.</source>
        <translation>Quire 的引擎遇到了程序错误。</translation>
    </message>
    <message>
        <source>Rich Text (.rtf)</source>
        <translation>RTF 格式 (.rtf)</translation>
    </message>
    <message>
        <source>a web page (.html)</source>
        <translation>网页 (.html)</translation>
    </message>
    <message>
        <source>a recent Hangul</source>
        <translation>新版 Hangul</translation>
    </message>
    <message>
        <source>Downloads are switched off on this computer: the variable HF_HUB_OFFLINE is set.</source>
        <translation>此计算机上的下载已关闭：设置了环境变量 HF_HUB_OFFLINE。</translation>
    </message>
    <message>
        <source>Line {line} of the glossary has {columns} columns, not 2.</source>
        <translation>术语表第 {line} 行有 {columns} 列，而不是 2 列。</translation>
    </message>
    <message>
        <source>Keep two columns, the term and its translation: remove the others (notes, other languages) and import it again.</source>
        <translation>只保留术语和译文两列：删除其他列（备注、其他语言）后再导入。</translation>
    </message>
    <message>
        <source>Line {line} of the glossary has a translation but no term.</source>
        <translation>术语表第 {line} 行有译文但没有术语。</translation>
    </message>
    <message>
        <source>Write the term in the first column, or remove that line.</source>
        <translation>请在第一列写入术语，或删除该行。</translation>
    </message>
    <message>
        <source>Line {line} of the glossary translates {term} a second, different way.</source>
        <translation>术语表第 {line} 行为 {term} 给出了第二种不同的译文。</translation>
    </message>
    <message>
        <source>Keep one translation of each term.</source>
        <translation>每个术语只保留一种译文。</translation>
    </message>
    <message>
        <source>Start Quire without HF_HUB_OFFLINE to download, or import a model from a folder or archive.</source>
        <translation>请在不设置 HF_HUB_OFFLINE 的情况下启动 Quire 以进行下载，或从文件夹或压缩包导入模型。</translation>
    </message>
    <message>
        <source>What was translated so far ({count} parts) is kept: Retry goes on from there.</source>
        <translation>已翻译的部分（{count} 段）已保留：点击“重试”即可从中断处继续。</translation>
    </message>
    <message>
        <source>The engine stopped unexpectedly.</source>
        <translation>引擎意外停止。</translation>
    </message>
    <message>
        <source>It was killed (SIGKILL), which usually means the system ran out of memory. Close other programs or choose a smaller model, then try again.</source>
        <translation>它被强制结束（SIGKILL），这通常意味着系统内存不足。请关闭其他程序或选择较小的模型，然后重试。</translation>
    </message>
    <message>
        <source>It ran out of memory ({signal}). Close other programs or choose a smaller model, then try again.</source>
        <translation>它的内存不足（{signal}）。请关闭其他程序或选择更小的模型，然后重试。</translation>
    </message>
    <message>
        <source>It crashed ({signal}). Try again; if it happens again, choose another model or set Device to CPU in Settings.</source>
        <translation>它崩溃了（{signal}）。请重试；如果再次发生，请选择其他模型，或在设置中将设备设为 CPU。</translation>
    </message>
    <message>
        <source>It was ended by {signal}. Try again.</source>
        <translation>它被 {signal} 结束。请重试。</translation>
    </message>
    <message>
        <source>It exited with code {code}. Try again.</source>
        <translation>它以代码 {code} 退出。请重试。</translation>
    </message>
    <message>
        <source>A passage the file marks as in another language and is written in ({languages}): kept as it is, not translated.</source>
        <translation>文件标为另一种语言且确以该语言写成的一段文字（{languages}）：按原样保留，未翻译。</translation>
    </message>
    <message>
        <source>{count} passages the file marks as in another language and are written in ({languages}): kept as they are, not translated.</source>
        <translation>文件标为另一种语言且确以该语言写成的 {count} 段文字（{languages}）：按原样保留，未翻译。</translation>
    </message>
    <message>
        <source>{name} has no label or title to translate: it is copied as it is.</source>
        <translation>{name} 没有可翻译的标签或标题：按原样复制。</translation>
    </message>
    <message>
        <source>{name} has no Markdown cells with text: its code and outputs are copied as they are.</source>
        <translation>{name} 没有含文字的 Markdown 单元格：其代码和输出按原样复制。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{theme} has no words for {language}: the site&apos;s language setting is kept, so the theme&apos;s own words (its search box, its menus) stay in the source&apos;s language.</source>
        <translation>{theme} 没有 {language} 的界面文字：网站的语言设置保持不变，因此主题自身的文字（搜索框、菜单）仍为源语言。</translation>
    </message>
    <message>
        <source>The document&apos;s language is set in a file it imports ({files}), which is not changed: set it in the translation (#set text(lang: …)) or translate that file too.</source>
        <translation>文档的语言是在它导入的文件（{files}）中设置的，该文件不会被修改：请在译文中设置语言（#set text(lang: …)），或把该文件也翻译。</translation>
    </message>
    <message>
        <source>{name}: the book&apos;s mimetype entry was not as EPUB readers need it; the translation has it first and stored.</source>
        <translation>{name}：书中的 mimetype 条目不符合 EPUB 阅读器的要求；译本已将其放在首位并以不压缩方式存储。</translation>
    </message>
    <message>
        <source>{name}: the book&apos;s narration (its media overlays) is left out: the recorded voice reads the source&apos;s words, which a reading app would highlight in the translation.</source>
        <translation>{name}：书中的朗读（媒体叠加）已省去：录音朗读的是原文，阅读软件会在译文上高亮显示，与之不符。</translation>
    </message>
    <message>
        <source>{name}: the book is set in vertical lines; the translation ({language}) is set in horizontal ones.</source>
        <translation>{name}：原书为竖排；译本（{language}）改为横排。</translation>
    </message>
    <message>
        <source>{name} is a {kind} file with a {suffix} name: it is read and written as {kind}, which players read whatever its name.</source>
        <translation>{name} 实为 {kind} 文件，却以 {suffix} 为扩展名：按 {kind} 读取和写出，播放器无论扩展名如何都按此读取。</translation>
    </message>
    <message>
        <source>{name} is a {kind} file with a {suffix} name: it is read and written as {kind}, which its tools read whatever its name.</source>
        <translation>{name} 实为 {kind} 文件，却以 {suffix} 为扩展名：按 {kind} 读取和写出，其工具无论扩展名如何都按此读取。</translation>
    </message>
    <message>
        <source>{name} includes {files} (XInclude): they are kept as links, not translated; translate each of them too.</source>
        <translation>{name} 包含 {files}（XInclude）：它们保留为链接，未翻译；请分别翻译这些文件。</translation>
    </message>
    <message>
        <source>{name} is part of a book whose entities are declared elsewhere ({entities}): they are kept as written.</source>
        <translation>{name} 是一本书的一部分，其实体在别处声明（{entities}）：按原样保留。</translation>
    </message>
    <message>
        <source>Brand names are kept as they are, as Mozilla&apos;s localization policy asks: {terms}.</source>
        <translation>品牌名称按 Mozilla 的本地化规定保持原样：{terms}。</translation>
    </message>
    <message>
        <source>This PHP file is no language array: {what} (line {line}).</source>
        <translation>此 PHP 文件不是语言数组：{what}（第 {line} 行）。</translation>
    </message>
    <message>
        <source>Quire translates PHP files that return an array of strings (Laravel&apos;s lang/en/auth.php, CodeIgniter&apos;s app/Language/en/Validation.php), not other PHP.</source>
        <translation>Quire 只翻译返回字符串数组的 PHP 文件（Laravel 的 lang/en/auth.php、CodeIgniter 的 app/Language/en/Validation.php），不翻译其他 PHP 文件。</translation>
    </message>
    <message>
        <source>This is a WordPress translation file (.l10n.php): its messages are translations already, keyed by their English text, and WordPress makes it from a .po file.</source>
        <translation>这是 WordPress 的翻译文件（.l10n.php）：其消息已是译文，以英文原文为键，由 WordPress 从 .po 文件生成。</translation>
    </message>
    <message>
        <source>Translate the theme&apos;s or plugin&apos;s .po file (or its .pot template) instead, then make the .l10n.php from it again with wp i18n make-php.</source>
        <translation>请改为翻译主题或插件的 .po 文件（或其 .pot 模板），然后用 wp i18n make-php 重新生成 .l10n.php。</translation>
    </message>
    <message>
        <source>This is a Yii message file: its keys are the text and its values the translations, which Quire does not fill in.</source>
        <translation>这是 Yii 的消息文件：其键是原文，其值是译文，Quire 不会填写这些值。</translation>
    </message>
    <message>
        <source>Have yii message write the messages as a gettext catalog (&apos;format&apos; =&gt; &apos;po&apos; in its config), then translate the .po file.</source>
        <translation>请让 yii message 把消息写成 gettext 目录（在其配置中设置 &apos;format&apos; =&gt; &apos;po&apos;），然后翻译该 .po 文件。</translation>
    </message>
    <message>
        <source>{count} values are PHP code (a function call, a constant, a variable, a heredoc), not a string: kept as they are ({keys}).</source>
        <translation>{count} 个值是 PHP 代码（函数调用、常量、变量、heredoc），不是字符串：保持原样（{keys}）。</translation>
    </message>
    <message>
        <source>{name}: its {klass} class ({language}) is translated, the language named as the source.</source>
        <translation>{name}：翻译的是其 {klass} 类（{language}），即指定为源语言的那一种。</translation>
    </message>
    <message>
        <source>{name}: page numbers left out: {count} (the translation&apos;s pages are not the PDF&apos;s).</source>
        <translation>{name}：略去的页码：{count}（译文的页面与 PDF 的页面不同）。</translation>
    </message>
    <message>
        <source>{name}: running heads/feet: {heads} (translated once as the .docx&apos;s header/footer).</source>
        <translation>{name}：页眉/页脚：{heads}（作为 .docx 的页眉/页脚只翻译一次）。</translation>
    </message>
    <message>
        <source>{name}: its author asks readers not to copy its text (a permission setting); it is read as your own file.</source>
        <translation>{name}：其作者要求读者不要复制其文字（一项权限设置）；它作为您自己的文件被读取。</translation>
    </message>
    <message>
        <source>An access key its translated label lacks becomes the label&apos;s first letter: check that no two of a menu share one.</source>
        <translation>译文标签中没有的访问键已改为标签的首字母：请检查同一菜单中没有两个项共用一个访问键。</translation>
    </message>
    <message>
        <source>InDesign has no language for {language} in this document: its text still names its own (for spelling and hyphenation); set it in InDesign&apos;s Character panel.</source>
        <translation>此文档中 InDesign 没有 {language} 语言：文本仍标为原来的语言（用于拼写和断字）；请在 InDesign 的“字符”面板中设置。</translation>
    </message>
    <message>
        <source>The translated stories are set right to left for {language}, by InDesign&apos;s World-Ready composer: in InDesign, give their styles a font that has its letters, and check their alignment.</source>
        <translation>已将译文文章按 {language} 设为从右到左，使用 InDesign 的 World-Ready 书写器：请在 InDesign 中为其样式选用含有该文字的字体，并检查对齐方式。</translation>
    </message>
    <message>
        <source>The document&apos;s cross-references ({count}) still show the source&apos;s words: InDesign writes them again from what they point to. In InDesign, choose Window &gt; Type &amp; Tables &gt; Cross-References, select them all and click Update Cross-References (and translate the words of their formats there, such as &quot;on page&quot;).</source>
        <translation>文档的交叉引用（{count} 处）仍显示原文：InDesign 会根据其指向的内容重新生成。请在 InDesign 中选择“窗口 &gt; 文字和表 &gt; 交叉引用”，全选后点击“更新交叉引用”（并在那里翻译其格式中的文字，例如“on page”）。</translation>
    </message>
    <message>
        <source>{name} does not set the site&apos;s language, and Quire could not add the setting: set it to {language}, or the theme&apos;s own words (its search box, its menus) stay in the source&apos;s language.</source>
        <translation>{name} 没有设置网站的语言，Quire 也无法添加该设置：请将其设为 {language}，否则主题自身的文字（搜索框、菜单）仍为源语言。</translation>
    </message>
    <message>
        <source>MkDocs&apos; search has no words for {language}: its language setting is kept, and the translated pages are searched as the source&apos;s language.</source>
        <translation>MkDocs 的搜索没有 {language} 的分词支持：其语言设置保持不变，译文页面仍按源语言进行搜索。</translation>
    </message>
    <message>
        <source>{name} builds the site in several languages ({languages}) with the i18n plugin: its navigation titles and what its languages share are kept, so that their builds are unchanged; add the target as one of the plugin&apos;s languages (its locale, site_name and nav_translations) for the translated pages&apos; theme and navigation.</source>
        <translation>{name} 通过 i18n 插件以多种语言（{languages}）构建网站：其导航标题以及各语言共用的内容保持不变，以免这些语言的构建结果改变；请把目标语言添加为该插件的一种语言（其 locale、site_name 和 nav_translations），使译文页面的主题和导航为目标语言。</translation>
    </message>
    <message>
        <source>{name} builds the site in several languages ({languages}): the default language&apos;s ({default}) title, descriptions and menus are translated under its own key, so its pages are the target&apos;s; the other languages&apos; are kept.</source>
        <translation>{name} 以多种语言（{languages}）构建网站：默认语言（{default}）的标题、描述和菜单在其原有的键下翻译，因此其页面为目标语言；其他语言的内容保持不变。</translation>
    </message>
    <message>
        <source>Hugo reads every file of its config folder, so {name}&apos;s translation is not written beside it: it goes to config/{environment}/, which Hugo reads over config/_default/ when building with hugo --environment {environment}.</source>
        <translation>Hugo 会读取其配置文件夹中的每个文件，因此 {name} 的译文不写在它旁边，而是写入 config/{environment}/；用 hugo --environment {environment} 构建时，Hugo 会以它覆盖 config/_default/ 的设置。</translation>
    </message>
    <message>
        <source>{name} builds the site in one language, {key}, which its files and links may name: its texts are translated under that key, and the theme&apos;s own words (its i18n/{key} file) stay in the source&apos;s language; rename the language {language} (its key under languages and defaultContentLanguage) where nothing else names it.</source>
        <translation>{name} 只以一种语言（{key}）构建网站，其文件和链接也可能使用这个名称：其文字在这个键下翻译，而主题自带的文字（其 i18n/{key} 文件）仍为源语言；如果没有其他地方使用这个名称，请把该语言重命名为 {language}（其在 languages 下的键以及 defaultContentLanguage）。</translation>
    </message>
    <message>
        <source>{name} was converted with LibreOffice {version} to read it; the translation is written as {save_as}.</source>
        <translation>{name} 已用 LibreOffice {version} 转换后读取；译文保存为 {save_as}。</translation>
    </message>
    <message>
        <source>{name} was converted with LibreOffice to read it; the translation is written as {save_as}.</source>
        <translation>{name} 已用 LibreOffice 转换后读取；译文保存为 {save_as}。</translation>
    </message>
    <message>
        <source>{name} is a {kind} file with a {suffix} name: it is read as one, and its translation written as {save_as}.</source>
        <translation>{name} 是扩展名为 {suffix} 的 {kind} 文件：按 {kind} 读取，译文保存为 {save_as}。</translation>
    </message>
    <message>
        <source>The document has tracked changes not yet accepted or rejected: the translation reads it as if they were accepted. For a translation that is whole either way, accept or reject them first ({editor}).</source>
        <translation>文档中有尚未接受或拒绝的修订：翻译按修订均已接受的方式读取。若要无论如何都得到完整的译文，请先接受或拒绝这些修订（{editor}）。</translation>
    </message>
    <message>
        <source>Content controls bound to values the document stores ({count}) name values Quire could not find: Word may show them in the source language again when it opens the translation. Remove the controls&apos; binding, or type their text again.</source>
        <translation>文档中有绑定到其所存储值的内容控件（{count} 个），但 Quire 找不到这些值：Word 打开译文时可能会再次以源语言显示它们。请解除这些控件的绑定，或重新输入其文字。</translation>
    </message>
    <message>
        <source>File: {path}</source>
        <translation>文件：{path}</translation>
    </message>
    <message>
        <source>A report was saved to {path}.</source>
        <translation>报告已保存到 {path}。</translation>
    </message>
    <message>
        <source>The report could not be saved.</source>
        <translation>无法保存报告。</translation>
    </message>
    <message>
        <source>You can keep working, but save your results.</source>
        <translation>你可以继续工作，但请保存好结果。</translation>
    </message>
    <message>
        <source>Word or LibreOffice</source>
        <translation>Word 或 LibreOffice</translation>
    </message>
    <message>
        <source>PowerPoint or Impress</source>
        <translation>PowerPoint 或 Impress</translation>
    </message>
    <message>
        <source>Excel or LibreOffice</source>
        <translation>Excel 或 LibreOffice</translation>
    </message>
    <message>
        <source>an EPUB editor such as Sigil or Calibre</source>
        <translation>EPUB 编辑器（如 Sigil 或 Calibre）</translation>
    </message>
    <message>
        <source>Quire cannot read {suffix} files.</source>
        <translation>Quire 无法读取 {suffix} 文件。</translation>
    </message>
    <message>
        <source>Quire cannot read files without an extension.</source>
        <translation>Quire 无法读取没有扩展名的文件。</translation>
    </message>
    <message>
        <source>Save it as {suffix} in {editor}, then try again.</source>
        <translation>请在 {editor} 中将它另存为 {suffix}，然后重试。</translation>
    </message>
    <message>
        <source>Open one of: {formats}.</source>
        <translation>请打开以下格式之一：{formats}。</translation>
    </message>
    <message>
        <source>Quire reads documents ({documents}); slides, sheets and drawings ({slides}); e-books ({ebooks}); subtitles ({subtitles}); and apps&apos; and sites&apos; strings ({strings}).</source>
        <translation>Quire 可读取文档（{documents}）；幻灯片、表格和绘图（{slides}）；电子书（{ebooks}）；字幕（{subtitles}）；以及应用和网站的字符串（{strings}）。</translation>
    </message>
    <message>
        <source>The file is protected by a password, or is an old binary Office file.</source>
        <translation>该文件受密码保护，或是旧式二进制 Office 文件。</translation>
    </message>
    <message>
        <source>Remove the password, or save it as {suffix} in {editor}, then try again.</source>
        <translation>请移除密码，或在 {editor} 中另存为 {suffix}，然后重试。</translation>
    </message>
    <message>
        <source>The document is protected by a password.</source>
        <translation>该文档受密码保护。</translation>
    </message>
    <message>
        <source>Remove the password, then try again.</source>
        <translation>请移除密码，然后重试。</translation>
    </message>
    <message>
        <source>The document is damaged.</source>
        <translation>该文档已损坏。</translation>
    </message>
    <message>
        <source>Open and save it again in {editor}, then try again.</source>
        <translation>请在 {editor} 中打开并重新保存，然后重试。</translation>
    </message>
    <message>
        <source>This is an InDesign document (.indd), not InDesign Markup (IDML).</source>
        <translation>这是 InDesign 文档（.indd），不是 InDesign 标记语言文件（IDML）。</translation>
    </message>
    <message>
        <source>In InDesign, choose File &gt; Export &gt; InDesign Markup (IDML), then translate the .idml.</source>
        <translation>请在 InDesign 中选择“文件 &gt; 导出 &gt; InDesign 标记 (IDML)”，然后翻译该 .idml 文件。</translation>
    </message>
    <message>
        <source>The document has tracked changes.</source>
        <translation>文档中有修订（跟踪更改）。</translation>
    </message>
    <message>
        <source>Accept or reject them in InDesign or InCopy (Type &gt; Track Changes), export again, then try again.</source>
        <translation>请在 InDesign 或 InCopy 中接受或拒绝这些修订（文字 &gt; 修订），重新导出后再试。</translation>
    </message>
    <message>
        <source>The file is damaged, or is not really a {suffix} file.</source>
        <translation>该文件已损坏，或并非真正的 {suffix} 文件。</translation>
    </message>
    <message>
        <source>Open and save it again in its editor, then try again.</source>
        <translation>请在其编辑器中打开并重新保存，然后重试。</translation>
    </message>
    <message>
        <source>Quire reads {suffix} files by converting them with LibreOffice, which is not installed.</source>
        <translation>Quire 需要用 LibreOffice 转换后才能读取 {suffix} 文件，但未安装 LibreOffice。</translation>
    </message>
    <message>
        <source>Export it as {export} ({save_as}) from {program} (File &gt; Export To &gt; {export}), or install LibreOffice (libreoffice.org) and Quire converts it, then try again.</source>
        <translation>请在 {program} 中将其导出为 {export}（{save_as}）（文件 &gt; 导出为 &gt; {export}），或安装 LibreOffice（libreoffice.org）由 Quire 进行转换，然后重试。</translation>
    </message>
    <message>
        <source>Save it as {save_as} in {program}, or install LibreOffice (libreoffice.org) and Quire converts it, then try again.</source>
        <translation>请在 {program} 中将其另存为 {save_as}，或安装 LibreOffice（libreoffice.org）由 Quire 自动转换，然后重试。</translation>
    </message>
    <message>
        <source>LibreOffice could not convert the file: it is damaged, protected by a password, or not really a {suffix} file.</source>
        <translation>LibreOffice 无法转换此文件：文件已损坏、受密码保护，或并非真正的 {suffix} 文件。</translation>
    </message>
    <message>
        <source>Open it in {program}, remove any password, save it as {save_as}, then try again with that.</source>
        <translation>请在 {program} 中打开它，去掉密码，另存为 {save_as}，然后用该文件重试。</translation>
    </message>
    <message>
        <source>LibreOffice could not open the {program} document (its {program} version is one LibreOffice does not read, or it is damaged).</source>
        <translation>LibreOffice 无法打开该 {program} 文稿（LibreOffice 不支持其 {program} 版本，或文件已损坏）。</translation>
    </message>
    <message>
        <source>Export it as {export} ({save_as}) from {program} (File &gt; Export To &gt; {export}) and translate that, or update LibreOffice, then try again.</source>
        <translation>请在 {program} 中将其导出为 {export}（{save_as}）（文件 &gt; 导出为 &gt; {export}）并翻译导出的文件，或更新 LibreOffice，然后重试。</translation>
    </message>
    <message>
        <source>This .key file is not a Keynote presentation, and is a kind of file Quire does not read.</source>
        <translation>此 .key 文件不是 Keynote 演示文稿，是 Quire 不读取的文件类型。</translation>
    </message>
    <message>
        <source>A .key file may be a security key (a certificate&apos;s or SSH&apos;s); give a Keynote presentation or another document.</source>
        <translation>.key 文件可能是安全密钥（证书或 SSH 的密钥）；请提供 Keynote 演示文稿或其他文档。</translation>
    </message>
    <message>
        <source>Open it in {program}, export it as {export} ({save_as}) (File &gt; Export To &gt; {export}), then try again with that.</source>
        <translation>请在 {program} 中打开它，导出为 {export}（{save_as}）（文件 &gt; 导出为 &gt; {export}），然后用导出的文件重试。</translation>
    </message>
    <message>
        <source>Open it in {program}, save it as {save_as}, then try again with that.</source>
        <translation>请在 {program} 中打开它，另存为 {save_as}，然后用该文件重试。</translation>
    </message>
    <message>
        <source>LibreOffice ({soffice}) did not run: {why}</source>
        <translation>LibreOffice（{soffice}）未能运行：{why}</translation>
    </message>
    <message>
        <source>Check that LibreOffice starts on its own and reinstall it if not, or save the file as {save_as} in {program}, then try again.</source>
        <translation>请检查 LibreOffice 能否单独启动，不能则重新安装；或在 {program} 中将文件另存为 {save_as}，然后重试。</translation>
    </message>
    <message>
        <source>LibreOffice took longer than {seconds} seconds to convert the file, and was stopped.</source>
        <translation>LibreOffice 转换此文件超过了 {seconds} 秒，已被停止。</translation>
    </message>
    <message>
        <source>A large file takes long: try again when the computer is less busy, or save it as {save_as} in {program} and translate that.</source>
        <translation>大文件需要较长时间：请在电脑较空闲时重试，或在 {program} 中另存为 {save_as} 后翻译该文件。</translation>
    </message>
    <message>
        <source>This is a {actual} file with a {suffix} name.</source>
        <translation>这是一个 {actual} 文件，但名称为 {suffix}。</translation>
    </message>
    <message>
        <source>Rename it to {name}, then try again.</source>
        <translation>请将其重命名为 {name}，然后重试。</translation>
    </message>
    <message>
        <source>The document has no text.</source>
        <translation>该文档没有文本。</translation>
    </message>
    <message>
        <source>Open a document with text.</source>
        <translation>请打开包含文本的文档。</translation>
    </message>
    <message>
        <source>The workbook&apos;s only text is its tables&apos; column names, which formulas refer to, and they are kept.</source>
        <translation>该工作簿中唯一的文字是其表格的列名，公式会引用它们，因此保持原样。</translation>
    </message>
    <message>
        <source>The workbook&apos;s only text is names that formulas can refer to (a sheet&apos;s, a list&apos;s choices, a filter&apos;s), and they are kept.</source>
        <translation>该工作簿中唯一的文字是公式可以引用的名称（工作表名、列表选项、筛选条件），因此保持原样。</translation>
    </message>
    <message>
        <source>Translated, the formulas that refer to them would no longer find them: there is nothing else to translate.</source>
        <translation>如果翻译它们，引用它们的公式将再也找不到它们：没有其他可翻译的内容。</translation>
    </message>
    <message>
        <source>The file&apos;s parts are named with backslashes ({name}), which zip files may not use, so Quire cannot find them.</source>
        <translation>该文件的各部分以反斜杠命名（{name}），而 zip 文件不允许这样，因此 Quire 找不到它们。</translation>
    </message>
    <message>
        <source>Save it again from the program that made it, or in an editor that opens it, then try again.</source>
        <translation>请在创建它的程序或能打开它的编辑器中重新保存，然后重试。</translation>
    </message>
    <message>
        <source>The document has more than {limit} paragraphs to translate.</source>
        <translation>该文档需要翻译的段落超过 {limit} 个。</translation>
    </message>
    <message>
        <source>Split it into smaller files, then translate those.</source>
        <translation>请将其拆分为较小的文件，再分别翻译。</translation>
    </message>
    <message>
        <source>One part of the document has more than {limit} characters without a break.</source>
        <translation>文档中有一部分超过 {limit} 个字符且没有分段。</translation>
    </message>
    <message>
        <source>It is data or a damaged file, not text to translate: open another file.</source>
        <translation>它是数据或损坏的文件，而不是要翻译的文本：请打开其他文件。</translation>
    </message>
    <message>
        <source>The book is protected by DRM: its text is encrypted.</source>
        <translation>该书受 DRM 保护：其文本已加密。</translation>
    </message>
    <message>
        <source>Only books without DRM can be translated.</source>
        <translation>只能翻译不带 DRM 的书籍。</translation>
    </message>
    <message>
        <source>The subtitle file is damaged near line {line}.</source>
        <translation>字幕文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Repair it in a subtitle editor, then try again.</source>
        <translation>请在字幕编辑器中修复，然后重试。</translation>
    </message>
    <message>
        <source>This {suffix} file holds pictures of subtitles ({kind}), not text.</source>
        <translation>此 {suffix} 文件保存的是字幕图片（{kind}），而不是文字。</translation>
    </message>
    <message>
        <source>Turn them into text with a subtitle editor&apos;s OCR, save them as .srt, then translate that.</source>
        <translation>请用字幕编辑器的 OCR 功能将其转为文字，另存为 .srt，然后翻译该文件。</translation>
    </message>
    <message>
        <source>The gettext catalog is damaged near line {line}.</source>
        <translation>gettext 翻译目录在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it with msgfmt -c or open it in Poedit, then try again.</source>
        <translation>请用 msgfmt -c 检查，或在 Poedit 中打开它，然后重试。</translation>
    </message>
    <message>
        <source>Every message of this catalog is translated already.</source>
        <translation>此翻译目录中的所有消息都已翻译。</translation>
    </message>
    <message>
        <source>Quire fills in empty translations only: give it the template (.pot), or a catalog with messages left to translate.</source>
        <translation>Quire 只填写空白的译文：请提供模板（.pot），或仍有未翻译消息的目录。</translation>
    </message>
    <message>
        <source>This file is for {declared}, not {target}.</source>
        <translation>此文件的目标语言是 {declared}，而不是 {target}。</translation>
    </message>
    <message>
        <source>Translate it into {declared}, or give the template (or a file exported for {target}).</source>
        <translation>请将其翻译为 {declared}，或提供模板（或为 {target} 导出的文件）。</translation>
    </message>
    <message>
        <source>This is not a Qt Linguist translation file (see line {line}).</source>
        <translation>这不是 Qt Linguist 翻译文件（见第 {line} 行）。</translation>
    </message>
    <message>
        <source>Quire translates the .ts files Qt&apos;s lupdate writes; a TypeScript .ts file is program code, not text to translate.</source>
        <translation>Quire 翻译由 Qt 的 lupdate 生成的 .ts 文件；TypeScript 的 .ts 文件是程序代码，不是可翻译的文本。</translation>
    </message>
    <message>
        <source>The file ends before its last bracket closes (line {line}): it looks cut short.</source>
        <translation>此文件在末尾的括号闭合之前就结束了（第 {line} 行），似乎不完整。</translation>
    </message>
    <message>
        <source>Copy or download the file again (or open its last saved copy), then try again.</source>
        <translation>请重新复制或下载该文件（或打开其上次保存的副本），然后重试。</translation>
    </message>
    <message>
        <source>This is a Kindle book (.mobi, .azw or .azw3).</source>
        <translation>这是 Kindle 电子书（.mobi、.azw 或 .azw3）。</translation>
    </message>
    <message>
        <source>Convert it to EPUB in Calibre (a book without DRM), then translate the EPUB.</source>
        <translation>请用 Calibre 将其转换为 EPUB（仅限无 DRM 的书），然后翻译该 EPUB。</translation>
    </message>
    <message>
        <source>The JSON file is damaged near line {line}.</source>
        <translation>JSON 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it in a JSON editor or validator, then try again.</source>
        <translation>请在 JSON 编辑器或校验工具中检查，然后重试。</translation>
    </message>
    <message>
        <source>The XLIFF file is damaged near line {line}.</source>
        <translation>XLIFF 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Export it again from the tool that made it, then try again.</source>
        <translation>请从生成它的工具中重新导出，然后重试。</translation>
    </message>
    <message>
        <source>The XML file is damaged near line {line}.</source>
        <translation>XML 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it in Android Studio or an XML editor, then try again.</source>
        <translation>请在 Android Studio 或 XML 编辑器中检查，然后重试。</translation>
    </message>
    <message>
        <source>This XML file does not hold Android strings (its root is &lt;{root}&gt;).</source>
        <translation>此 XML 文件不包含 Android 字符串（其根元素为 &lt;{root}&gt;）。</translation>
    </message>
    <message>
        <source>The .strings file is damaged near line {line}.</source>
        <translation>.strings 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Each entry must read &quot;key&quot; = &quot;value&quot;; check the line in Xcode, then try again.</source>
        <translation>每个条目都应写作 &quot;key&quot; = &quot;value&quot;;，请在 Xcode 中检查该行，然后重试。</translation>
    </message>
    <message>
        <source>This file is a mailbox of several messages, not one e-mail.</source>
        <translation>此文件是包含多封邮件的邮箱，而不是单封电子邮件。</translation>
    </message>
    <message>
        <source>Save each message as .eml in Thunderbird or Apple Mail, then translate those.</source>
        <translation>请在 Thunderbird 或 Apple Mail 中将每封邮件另存为 .eml，然后翻译这些文件。</translation>
    </message>
    <message>
        <source>The e-mail&apos;s text is encrypted ({kind}) or sealed in its signature: Quire cannot read it.</source>
        <translation>这封邮件的正文已加密（{kind}）或封装在其签名中：Quire 无法读取。</translation>
    </message>
    <message>
        <source>Open it in your mail program (decrypting it if it is encrypted), save it again as .eml, then try again.</source>
        <translation>请在邮件程序中打开它（如已加密则先解密），再另存为 .eml，然后重试。</translation>
    </message>
    <message>
        <source>This is an OpenPGP file (a signature, a key or an encrypted message), not a document.</source>
        <translation>这是一个 OpenPGP 文件（签名、密钥或加密消息），不是文档。</translation>
    </message>
    <message>
        <source>Quire reads {suffix} files written in AsciiDoc: give the document itself, not its signature or key, then try again.</source>
        <translation>Quire 读取以 AsciiDoc 写成的 {suffix} 文件：请提供文档本身，而不是它的签名或密钥，然后重试。</translation>
    </message>
    <message>
        <source>This is a Visio stencil (shapes to draw with, not a drawing), which Quire does not translate.</source>
        <translation>这是 Visio 模具（用于绘图的形状，而不是绘图），Quire 不翻译此类文件。</translation>
    </message>
    <message>
        <source>Give a drawing made with its shapes (.vsdx) instead.</source>
        <translation>请改为提供用这些形状绘制的绘图（.vsdx）。</translation>
    </message>
    <message>
        <source>This is a FictionBook 3 book (.fb3), which Quire cannot read.</source>
        <translation>这是 FictionBook 3 电子书（.fb3），Quire 无法读取。</translation>
    </message>
    <message>
        <source>Download it as .fb2 from the store or library it came from, then try again.</source>
        <translation>请从它的来源书店或图书馆下载 .fb2 版本，然后重试。</translation>
    </message>
    <message>
        <source>This zip archive holds {count} FictionBook books, not one.</source>
        <translation>此 zip 压缩包包含 {count} 本 FictionBook 电子书，而不是一本。</translation>
    </message>
    <message>
        <source>Unzip it and translate each .fb2 on its own (or the folder).</source>
        <translation>请解压后分别翻译每个 .fb2（或翻译整个文件夹）。</translation>
    </message>
    <message>
        <source>The LaTeX file does not parse near line {line}.</source>
        <translation>LaTeX 文件在第 {line} 行附近无法解析。</translation>
    </message>
    <message>
        <source>The line reads “{found}”: a brace or an environment opens or closes there without its pair, or a command there reads what follows it in a way Quire does not know; if the file compiles, write that part another way, then try again.</source>
        <translation>该行内容为“{found}”：该处有花括号或环境只开不合或只合不开，或者该处某个命令以 Quire 不了解的方式读取其后的内容；如果文件能够编译，请换一种写法写出该部分，然后重试。</translation>
    </message>
    <message>
        <source>The block opened by {delimiter} on line {line} is never closed: Asciidoctor reads the rest of the file as its content, which is kept as it is. Close it with {delimiter} and translate the file again.</source>
        <translation>第 {line} 行以 {delimiter} 开始的块没有结束：Asciidoctor 把文件的其余部分都当作它的内容，这些内容保持原样。请用 {delimiter} 结束它，然后重新翻译该文件。</translation>
    </message>
    <message>
        <source>A {bracket} on line {line} of the Typst file is never closed.</source>
        <translation>Typst 文件第 {line} 行的 {bracket} 没有闭合。</translation>
    </message>
    <message>
        <source>Typst cannot compile the file either: close it on that line (the Typst app underlines it), then try again.</source>
        <translation>Typst 也无法编译此文件：请在该行将其闭合（Typst 应用会在该处画线标出），然后重试。</translation>
    </message>
    <message>
        <source>The Typst file is not UTF-8 text (line {line}), and Typst reads only UTF-8.</source>
        <translation>此 Typst 文件不是 UTF-8 文本（第 {line} 行），而 Typst 只读取 UTF-8。</translation>
    </message>
    <message>
        <source>Save it as UTF-8 (Unicode) in its editor, then try again.</source>
        <translation>请在其编辑器中将其另存为 UTF-8（Unicode），然后重试。</translation>
    </message>
    <message>
        <source>The files it includes are not translated with it ({files}): translate them too, then have it include the translations.</source>
        <translation>它所包含的文件（{files}）没有随它一起翻译：请把这些文件也翻译，然后让它包含译文。</translation>
    </message>
    <message>
        <source>The block that begins on line {line} (#+BEGIN_{name}) has no #+END_{name}: it is kept as it is up to the next headline; add the line that ends it and translate again.</source>
        <translation>从第 {line} 行开始的块（#+BEGIN_{name}）没有 #+END_{name}：到下一个标题为止的内容保持原样；请补上结束该块的行，然后重新翻译。</translation>
    </message>
    <message>
        <source>babel and polyglossia have no language for {language}: the file still names its own; set the language in its preamble.</source>
        <translation>babel 和 polyglossia 没有 {language} 这种语言：文件仍标明其原来的语言；请在导言区中设置语言。</translation>
    </message>
    <message>
        <source>The .stringsdict file is damaged near line {line}.</source>
        <translation>.stringsdict 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it in Xcode or an XML editor, then try again.</source>
        <translation>请在 Xcode 或 XML 编辑器中检查，然后重试。</translation>
    </message>
    <message>
        <source>This file is not a .stringsdict property list.</source>
        <translation>此文件不是 .stringsdict 属性列表。</translation>
    </message>
    <message>
        <source>Quire translates the .stringsdict files Xcode makes for plural rules.</source>
        <translation>Quire 翻译 Xcode 为复数规则生成的 .stringsdict 文件。</translation>
    </message>
    <message>
        <source>This file is not an e-mail message.</source>
        <translation>此文件不是电子邮件。</translation>
    </message>
    <message>
        <source>It has no From, To, Subject or Date. Save the message from your mail program as .eml, then try again.</source>
        <translation>它没有发件人、收件人、主题或日期。请在邮件程序中将该邮件另存为 .eml，然后重试。</translation>
    </message>
    <message>
        <source>The message is signed ({kind}): the translation&apos;s signature no longer verifies, its text is not what was signed.</source>
        <translation>该邮件已签名（{kind}）：译文的签名将无法通过验证，因为其正文已不是被签名的内容。</translation>
    </message>
    <message>
        <source>Choose it with Memory… beside the languages, so that the sentences it holds are translated in its words; a glossary is CSV or tab-separated text (term, tab, translation), or a TBX termbase (.tbx).</source>
        <translation>请用语言旁边的“记忆库…”选择它，这样其中已有的句子会按它的译文翻译；术语表是 CSV 或制表符分隔的文本（术语、制表符、译文），或 TBX 术语库（.tbx）。</translation>
    </message>
    <message>
        <source>This is a glossary, not a translation memory (TMX).</source>
        <translation>这是术语表，不是翻译记忆库（TMX）。</translation>
    </message>
    <message>
        <source>This translation memory holds no translation units.</source>
        <translation>此翻译记忆库中没有翻译单元。</translation>
    </message>
    <message>
        <source>Export the memory again from your CAT tool, with its translation units.</source>
        <translation>请从 CAT 工具重新导出记忆库，并包含其翻译单元。</translation>
    </message>
    <message>
        <source>This translation memory holds {pairs}, not {pair}.</source>
        <translation>此翻译记忆库包含 {pairs}，而不是 {pair}。</translation>
    </message>
    <message>
        <source>Each of this translation memory&apos;s units for these languages holds an inline code that stands for something its text lacks (a tab, a field, a picture): none can be used.</source>
        <translation>此翻译记忆库中这些语言的每个单元都含有代表其文本所缺内容（制表符、域、图片）的内联代码：没有可用的单元。</translation>
    </message>
    <message>
        <source>A translation memory is used with translation models, not with an instruction model.</source>
        <translation>翻译记忆库只能与翻译模型一起使用，不能与指令模型一起使用。</translation>
    </message>
    <message>
        <source>{name}: no readable text on pages {numbers}: their font has no character map (the text cannot be read from the file); run OCR on them (for example with OCRmyPDF).</source>
        <translation>{name}：第 {numbers} 页没有可读的文字：其字体没有字符映射（无法从文件中读取文字）；请对这些页面进行 OCR（例如使用 OCRmyPDF）。</translation>
    </message>
    <message>
        <source>Some controls or menu items share an access key in the translation of {dialogs}: choose another letter for one of them.</source>
        <translation>{dialogs} 的译文中有控件或菜单项使用了相同的访问键：请为其中一个另选字母。</translation>
    </message>
    <message>
        <source>Tables with a formula (#+TBLFM:) are kept untranslated ({count}): their formulas name cells by position.</source>
        <translation>带公式（#+TBLFM:）的表格保持原文不译（{count} 个）：其公式按位置引用单元格。</translation>
    </message>
    <message>
        <source>Setup files it names were not read ({files}): Quire reads only a setup file in the file&apos;s folder or below it, never an address. TODO keywords they declare may have been translated as words; declare them in the file itself (#+TODO: …) and translate it again.</source>
        <translation>未读取其引用的设置文件（{files}）：Quire 只读取该文件所在文件夹及其子文件夹中的设置文件，从不读取网址。这些文件声明的 TODO 关键字可能被当作普通文字翻译了；请在文件本身中声明它们（#+TODO: …），然后重新翻译。</translation>
    </message>
    <message>
        <source>The translation has the same IDs as its source (:ID:, {count}): in the same org-roam directory, org-roam and org-id see each one twice. Move the translation out of the org-roam directory (or translate with quire translate … -o OTHER_FOLDER).</source>
        <translation>译文与原文的 ID 相同（:ID:，{count} 个）：在同一个 org-roam 目录中，org-roam 和 org-id 会把每个 ID 看到两次。请把译文移到 org-roam 目录之外（或用命令行 quire translate … -o 其他文件夹）。</translation>
    </message>
    <message>
        <source>{name} has no text to translate (only markup, code or settings): it is copied as it is.</source>
        <translation>{name} 中没有要翻译的文字（只有标记、代码或设置）：按原样复制。</translation>
    </message>
    <message>
        <source>Quire translates the .xml files that hold an Android app&apos;s strings (res/values/strings.xml), a DocBook document or a DITA topic.</source>
        <translation>Quire 翻译存放 Android 应用字符串的 .xml 文件（res/values/strings.xml）、DocBook 文档或 DITA 主题。</translation>
    </message>
    <message>
        <source>This is SGML DocBook ({public}), not XML.</source>
        <translation>这是 SGML 格式的 DocBook（{public}），不是 XML。</translation>
    </message>
    <message>
        <source>Convert it to XML first (osx from OpenSP, or sgml2xml), then translate the XML file.</source>
        <translation>请先将其转换为 XML（使用 OpenSP 的 osx 或 sgml2xml），再翻译该 XML 文件。</translation>
    </message>
    <message>
        <source>This book&apos;s text is in the files its entities name ({files}).</source>
        <translation>这本书的文字在其实体所指的文件中（{files}）。</translation>
    </message>
    <message>
        <source>Translate each of those files.</source>
        <translation>请分别翻译这些文件。</translation>
    </message>
    <message>
        <source>The Fluent file is not UTF-8 text (line {line}), and Fluent reads only UTF-8.</source>
        <translation>该 Fluent 文件不是 UTF-8 文本（第 {line} 行），而 Fluent 只读取 UTF-8。</translation>
    </message>
    <message>
        <source>The Fluent file cannot be read at line {line} ({what}).</source>
        <translation>该 Fluent 文件第 {line} 行无法读取（{what}）。</translation>
    </message>
    <message>
        <source>Correct that line (id = text, attributes and variants indented below it), then try again.</source>
        <translation>请修正该行（id = 文本，属性和变体缩进写在其下），然后再试。</translation>
    </message>
    <message>
        <source>This JSON file is not an Xcode String Catalog.</source>
        <translation>此 JSON 文件不是 Xcode 字符串目录。</translation>
    </message>
    <message>
        <source>Quire translates the .xcstrings catalogs Xcode 15 and later make.</source>
        <translation>Quire 翻译 Xcode 15 及更高版本生成的 .xcstrings 目录。</translation>
    </message>
    <message>
        <source>This JSON file is not a Jupyter notebook.</source>
        <translation>此 JSON 文件不是 Jupyter 笔记本。</translation>
    </message>
    <message>
        <source>Quire translates the .ipynb notebooks Jupyter saves.</source>
        <translation>Quire 翻译 Jupyter 保存的 .ipynb 笔记本。</translation>
    </message>
    <message>
        <source>This notebook is in nbformat {version}; Quire translates version 4.</source>
        <translation>此笔记本采用 nbformat {version} 格式；Quire 仅支持翻译第 4 版。</translation>
    </message>
    <message>
        <source>Open it in Jupyter and save it (Jupyter saves version 4), then try again.</source>
        <translation>请在 Jupyter 中打开并保存它（Jupyter 会保存为第 4 版），然后重试。</translation>
    </message>
    <message>
        <source>Every string of this catalog is translated into {language} already.</source>
        <translation>此目录中的所有字符串都已译成 {language}。</translation>
    </message>
    <message>
        <source>Choose another target language, or add strings to the catalog in Xcode.</source>
        <translation>请选择其他目标语言，或在 Xcode 中向目录添加字符串。</translation>
    </message>
    <message>
        <source>This is not a properties file: it has no key = value line.</source>
        <translation>这不是 properties 文件：其中没有 key = value 形式的行。</translation>
    </message>
    <message>
        <source>Give a Java .properties file (lines such as greeting = Hello).</source>
        <translation>请提供 Java .properties 文件（包含 greeting = Hello 这样的行）。</translation>
    </message>
    <message>
        <source>This properties file has a broken \u escape at line {line}.</source>
        <translation>此 properties 文件第 {line} 行有损坏的 \u 转义。</translation>
    </message>
    <message>
        <source>Write it as \u and four hexadecimal digits (\u00e9), then try again.</source>
        <translation>请写成 \u 加四位十六进制数字（\u00e9），然后重试。</translation>
    </message>
    <message>
        <source>The YAML file is damaged near line {line}.</source>
        <translation>YAML 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it in a YAML editor or validator, then try again.</source>
        <translation>请在 YAML 编辑器或校验工具中检查，然后重试。</translation>
    </message>
    <message>
        <source>The TOML file is damaged near line {line}.</source>
        <translation>TOML 文件在第 {line} 行附近已损坏。</translation>
    </message>
    <message>
        <source>Check it in a TOML editor or validator, then try again.</source>
        <translation>请在 TOML 编辑器或校验工具中检查，然后重试。</translation>
    </message>
    <message>
        <source>{name} holds a program&apos;s settings, not text to translate.</source>
        <translation>{name} 保存的是程序的设置，不是要翻译的文字。</translation>
    </message>
    <message>
        <source>Give a document, or Hugo&apos;s i18n table (i18n/en.toml) or settings (hugo.toml).</source>
        <translation>请提供文档，或 Hugo 的 i18n 表（i18n/en.toml）或设置（hugo.toml）。</translation>
    </message>
    <message>
        <source>Open it in Visual Studio or an XML editor, correct it, then try again.</source>
        <translation>请在 Visual Studio 或 XML 编辑器中打开并改正，然后重试。</translation>
    </message>
    <message>
        <source>This is not a manual page: it does not start with roff requests (.TH, .SH).</source>
        <translation>这不是手册页：它没有以 roff 请求（.TH、.SH）开头。</translation>
    </message>
    <message>
        <source>Give a manual page written in man(7) macros.</source>
        <translation>请提供用 man(7) 宏写成的手册页。</translation>
    </message>
    <message>
        <source>This is an mdoc manual page (BSD&apos;s macros: .Dd, .Sh, .Nm…), which Quire does not translate.</source>
        <translation>这是 mdoc 手册页（BSD 的宏：.Dd、.Sh、.Nm…），Quire 不翻译这种手册页。</translation>
    </message>
    <message>
        <source>Convert it to man(7) macros with: {command}, then translate that.</source>
        <translation>请用以下命令把它转换成 man(7) 宏：{command}，然后翻译转换后的文件。</translation>
    </message>
    <message>
        <source>This manual page only includes another ({page}).</source>
        <translation>这个手册页只是引用了另一个手册页（{page}）。</translation>
    </message>
    <message>
        <source>Translate the page it names instead.</source>
        <translation>请改为翻译它引用的那个手册页。</translation>
    </message>
    <message>
        <source>This is a compressed manual page, which Quire reads uncompressed.</source>
        <translation>这是压缩的手册页，Quire 只读取未压缩的手册页。</translation>
    </message>
    <message>
        <source>Uncompress it first ({command}), then translate {name}.</source>
        <translation>请先解压（{command}），然后翻译 {name}。</translation>
    </message>
    <message>
        <source>This wikitext page cannot be read as it is written.</source>
        <translation>无法按原样读取这个 wikitext 页面。</translation>
    </message>
    <message>
        <source>Check that the file is a wiki page&apos;s source, as the wiki&apos;s editor saves it.</source>
        <translation>请确认这个文件是 wiki 页面的源代码，即 wiki 编辑器保存的内容。</translation>
    </message>
    <message>
        <source>This .ini file holds a program&apos;s settings, not text to translate (line {line}).</source>
        <translation>这个 .ini 文件存放的是程序的设置，不是要翻译的文字（第 {line} 行）。</translation>
    </message>
    <message>
        <source>Quire translates Joomla&apos;s language files (KEY=&quot;Text&quot; lines, in language/en-GB/) and Inno Setup&apos;s messages (.isl).</source>
        <translation>Quire 翻译 Joomla 的语言文件（KEY=&quot;Text&quot; 行，位于 language/en-GB/）和 Inno Setup 的消息文件（.isl）。</translation>
    </message>
    <message>
        <source>The resource script names code page {page}, which Quire cannot read.</source>
        <translation>资源脚本指定了代码页 {page}，Quire 无法读取。</translation>
    </message>
    <message>
        <source>Correct its #pragma code_page line (1252, or 65001 for UTF-8), then try again.</source>
        <translation>请更正其 #pragma code_page 行（1252，UTF-8 为 65001），然后重试。</translation>
    </message>
    <message>
        <source>The resource script holds resources in {language} already: a translation into it would repeat each of them.</source>
        <translation>资源脚本中已有{language}资源：译成该语言会使每项资源重复。</translation>
    </message>
    <message>
        <source>Translate it into another language, or remove that block first.</source>
        <translation>请译成其他语言，或先删除该部分。</translation>
    </message>
    <message>
        <source>The resource script cannot be read at line {line}.</source>
        <translation>无法读取资源脚本的第 {line} 行。</translation>
    </message>
    <message>
        <source>Open it in Visual Studio&apos;s resource editor or a text editor, correct it, then try again.</source>
        <translation>请在 Visual Studio 的资源编辑器或文本编辑器中打开并更正它，然后重试。</translation>
    </message>
    <message>
        <source>The language file cannot be read at line {line}.</source>
        <translation>无法读取语言文件的第 {line} 行。</translation>
    </message>
    <message>
        <source>Correct that line (KEY=&quot;Text&quot; in a Joomla file, Name=Text in an Inno Setup file), then try again.</source>
        <translation>请改正该行（Joomla 文件中写作 KEY=&quot;Text&quot;，Inno Setup 文件中写作 Name=Text），然后重试。</translation>
    </message>
    <message>
        <source>Every segment of this file left to translate is locked.</source>
        <translation>此文件中尚待翻译的句段都已锁定。</translation>
    </message>
    <message>
        <source>Unlock the segments in the tool that made it (Trados Studio, memoQ), then try again.</source>
        <translation>请在生成它的工具（Trados Studio、memoQ）中解锁这些句段，然后重试。</translation>
    </message>
    <message>
        <source>Every unit of this XLIFF file is translated already.</source>
        <translation>此 XLIFF 文件中的所有单元都已翻译。</translation>
    </message>
    <message>
        <source>Quire fills in empty targets only: give it a file with units left to translate.</source>
        <translation>Quire 只填写空白的译文：请提供仍有未翻译单元的文件。</translation>
    </message>
    <message>
        <source>The PDF is damaged and cannot be read.</source>
        <translation>该 PDF 已损坏，无法读取。</translation>
    </message>
    <message>
        <source>Open it in a PDF viewer and print it to a new PDF, then try again.</source>
        <translation>请在 PDF 阅读器中打开并打印为新的 PDF，然后重试。</translation>
    </message>
    <message>
        <source>The PDF has no pages.</source>
        <translation>该 PDF 没有任何页面。</translation>
    </message>
    <message>
        <source>Export or print it to a new PDF from the program that made it, then try again.</source>
        <translation>请在生成它的程序中重新导出或打印为新的 PDF，然后重试。</translation>
    </message>
    <message>
        <source>The PDF&apos;s fonts do not say which letters their glyphs stand for, so its text cannot be read.</source>
        <translation>该 PDF 的字体没有说明其字形代表哪些字符，因此无法读取其文字。</translation>
    </message>
    <message>
        <source>Print it to a new PDF from a PDF viewer, or run text recognition (OCR) on it, then try again.</source>
        <translation>请在 PDF 阅读器中将其打印为新的 PDF，或对其进行文字识别（OCR），然后重试。</translation>
    </message>
    <message>
        <source>The PDF has no text: its pages are images, as in a scan.</source>
        <translation>该 PDF 没有文本：其页面是图像（如扫描件）。</translation>
    </message>
    <message>
        <source>Run text recognition (OCR) on it first, then try again.</source>
        <translation>请先对其进行文字识别（OCR），然后重试。</translation>
    </message>
    <message>
        <source>The PDF has no text but its form&apos;s fields.</source>
        <translation>该 PDF 除表单字段外没有文字。</translation>
    </message>
    <message>
        <source>Fill the form in a PDF viewer; to translate it, give the document the form was made from.</source>
        <translation>请在 PDF 阅读器中填写表单；若要翻译，请提供制作该表单所用的文档。</translation>
    </message>
    <message>
        <source>The PDF has no text: nothing is written on its pages.</source>
        <translation>该 PDF 没有文字：其页面上什么也没写。</translation>
    </message>
    <message>
        <source>Give the PDF with the document&apos;s text.</source>
        <translation>请提供包含文档文字的 PDF。</translation>
    </message>
    <message>
        <source>The PDF has more than {limit} pages.</source>
        <translation>该 PDF 超过 {limit} 页。</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>Documents ({patterns})</source>
        <translation>文档 ({patterns})</translation>
    </message>
    <message>
        <source>Slides, sheets and drawings ({patterns})</source>
        <translation>幻灯片、表格和绘图 ({patterns})</translation>
    </message>
    <message>
        <source>E-books ({patterns})</source>
        <translation>电子书 ({patterns})</translation>
    </message>
    <message>
        <source>Subtitles ({patterns})</source>
        <translation>字幕 ({patterns})</translation>
    </message>
    <message>
        <source>Apps&apos; and sites&apos; strings ({patterns})</source>
        <translation>应用和网站的字符串 ({patterns})</translation>
    </message>
    <message>
        <source>Supported files ({patterns})</source>
        <translation>支持的文件 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>glossary</name>
    <message>
        <source>any languages</source>
        <translation>任意语言</translation>
    </message>
    <message>
        <source>any language</source>
        <translation>任意语言</translation>
    </message>
    <message>
        <source>{source} → {target}</source>
        <translation>{source} → {target}</translation>
    </message>
</context>
<context>
    <name>languages</name>
    <message>
        <source>Arabic</source>
        <translation>阿拉伯语</translation>
    </message>
    <message>
        <source>Czech</source>
        <translation>捷克语</translation>
    </message>
    <message>
        <source>Danish</source>
        <translation>丹麦语</translation>
    </message>
    <message>
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <source>Greek</source>
        <translation>希腊语</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <source>Persian</source>
        <translation>波斯语</translation>
    </message>
    <message>
        <source>Finnish</source>
        <translation>芬兰语</translation>
    </message>
    <message>
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <source>Hebrew</source>
        <translation>希伯来语</translation>
    </message>
    <message>
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
    <message>
        <source>Hungarian</source>
        <translation>匈牙利语</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>印尼语</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <source>Dutch</source>
        <translation>荷兰语</translation>
    </message>
    <message>
        <source>Norwegian</source>
        <translation>挪威语</translation>
    </message>
    <message>
        <source>Polish</source>
        <translation>波兰语</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <source>Romanian</source>
        <translation>罗马尼亚语</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <source>Swedish</source>
        <translation>瑞典语</translation>
    </message>
    <message>
        <source>Thai</source>
        <translation>泰语</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>土耳其语</translation>
    </message>
    <message>
        <source>Ukrainian</source>
        <translation>乌克兰语</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>越南语</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
</context>
<context>
    <name>loading</name>
    <message>
        <source>Preparing model {name} for this computer (first use only)…</source>
        <translation>正在为这台电脑准备模型 {name}（仅首次使用时）…</translation>
    </message>
    <message>
        <source>Loading model {name}…</source>
        <translation>正在加载模型 {name}…</translation>
    </message>
</context>
<context>
    <name>roles</name>
    <message>
        <source>translation</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>summarization</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>question answering</source>
        <translation>问答</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>zero-shot classification</source>
        <translation>零样本分类</translation>
    </message>
    <message>
        <source>sentence embeddings</source>
        <translation>句向量</translation>
    </message>
    <message>
        <source>instruction model</source>
        <translation>指令模型</translation>
    </message>
    <message>
        <source>text generation</source>
        <translation>文本生成</translation>
    </message>
</context>
<context>
    <name>shortcuts</name>
    <message>
        <source>Type a tab in the text (Tab moves to the next control)</source>
        <translation>在文本中输入制表符（Tab 键会移到下一个控件）</translation>
    </message>
    <message>
        <source>Go to the control of an underlined letter</source>
        <translation>转到带下划线字母的控件</translation>
    </message>
    <message>
        <source>Alt+letter</source>
        <translation>Alt+字母</translation>
    </message>
    <message>
        <source>Open a result again (in History)</source>
        <translation>重新打开结果（在历史记录中）</translation>
    </message>
    <message>
        <source>Delete, or undo deleting, a result (in History)</source>
        <translation>删除结果或撤销删除（在历史记录中）</translation>
    </message>
    <message>
        <source>Clear the search (in History and the catalog)</source>
        <translation>清除搜索（在历史记录和模型目录中）</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>sizes</name>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
</context>
<context>
    <name>stages</name>
    <message>
        <source>Translating…</source>
        <translation>正在翻译…</translation>
    </message>
    <message>
        <source>Summarizing…</source>
        <translation>正在摘要…</translation>
    </message>
    <message>
        <source>Classifying…</source>
        <translation>正在分类…</translation>
    </message>
    <message>
        <source>Explaining…</source>
        <translation>正在解释…</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Reading the labels…</source>
        <translation>正在读取标签…</translation>
    </message>
    <message>
        <source>Looking for the answer…</source>
        <translation>正在查找答案…</translation>
    </message>
    <message>
        <source>Preparing the text…</source>
        <translation>正在准备文本…</translation>
    </message>
    <message>
        <source>Reading the pages…</source>
        <translation>正在读取页面…</translation>
    </message>
    <message>
        <source>Reading page {page} of {pages}</source>
        <translation>正在读取第 {page} 页，共 {pages} 页</translation>
    </message>
    <message>
        <source>Converting with LibreOffice…</source>
        <translation>正在用 LibreOffice 转换…</translation>
    </message>
    <message>
        <source>Ranking the passages…</source>
        <translation>正在为段落排序…</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Installing…</source>
        <translation>正在安装…</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在校验…</translation>
    </message>
</context>
</TS>
