<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CanvasController</name>
    <message>
        <source>Add {layer}</source>
        <translation>添加 {layer}</translation>
    </message>
    <message>
        <source>Insert {layer} before {target}</source>
        <translation>在 {target} 之前插入 {layer}</translation>
    </message>
    <message>
        <source>That layer no longer exists.</source>
        <translation>该层已不存在。</translation>
    </message>
    <message>
        <source>A layer cannot feed itself (&apos;{layer}&apos;).</source>
        <translation>层不能连接到自身（&apos;{layer}&apos;）。</translation>
    </message>
    <message>
        <source>The Output layer is the last layer: it cannot feed another layer.</source>
        <translation>输出层是最后一层：不能再连接到其他层。</translation>
    </message>
    <message>
        <source>{layer} takes no inputs.</source>
        <translation>{layer} 不接受输入。</translation>
    </message>
    <message>
        <source>{layer} already has its input: delete that connection first, or use Add / Concatenate to merge.</source>
        <translation>{layer} 已有输入：请先删除那条连接，或用 Add / Concatenate 合并。</translation>
    </message>
    <message>
        <source>Cannot connect: {problem}</source>
        <translation>无法连接：{problem}</translation>
    </message>
    <message>
        <source>Connect {source} → {target}</source>
        <translation>连接 {source} → {target}</translation>
    </message>
    <message numerus="yes">
        <source>%n layers</source>
        <translation>
            <numerusform>%n 个层</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connections</source>
        <translation>
            <numerusform>%n 条连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Move {layer}</source>
        <translation>移动 {layer}</translation>
    </message>
    <message numerus="yes">
        <source>Move %n layers</source>
        <translation>
            <numerusform>移动 %n 个层</numerusform>
        </translation>
    </message>
    <message>
        <source>The layout is already tidy.</source>
        <translation>布局已经很整齐。</translation>
    </message>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Nothing to paste.</source>
        <translation>没有可粘贴的内容。</translation>
    </message>
    <message>
        <source>Duplicate {what}</source>
        <translation>复制一份 {what}</translation>
    </message>
    <message>
        <source>Paste {what}</source>
        <translation>粘贴 {what}</translation>
    </message>
</context>
<context>
    <name>CodeView</name>
    <message>
        <source>Code: {file}</source>
        <translation>代码：{file}</translation>
    </message>
    <message>
        <source>This is the PyTorch code LayerLab exports for the model on the canvas.</source>
        <translation>这是 LayerLab 为画布上的模型导出的 PyTorch 代码。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the whole code to the clipboard</source>
        <translation>把全部代码复制到剪贴板</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n lines to the clipboard.</source>
        <translation>
            <numerusform>已将 %n 行复制到剪贴板。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ColumnKind</name>
    <message>
        <source>numeric</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>integer category</source>
        <translation>整数类别</translation>
    </message>
    <message>
        <source>categorical</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>boolean</source>
        <translation>布尔</translation>
    </message>
    <message>
        <source>text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <source>datetime</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <source>identifier</source>
        <translation>标识符</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常量</translation>
    </message>
</context>
<context>
    <name>ColumnRole</name>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>ignore</source>
        <translation>忽略</translation>
    </message>
</context>
<context>
    <name>ColumnSummary</name>
    <message>
        <source>{missing} missing ({share} %) · {unique} unique</source>
        <translation>缺失 {missing} 个（{share} %）· {unique} 个不同值</translation>
    </message>
    <message>
        <source>min {min} · max {max} · mean {mean} · median {median}</source>
        <translation>最小 {min} · 最大 {max} · 均值 {mean} · 中位数 {median}</translation>
    </message>
    <message>
        <source>from {first} to {last}</source>
        <translation>从 {first} 到 {last}</translation>
    </message>
    <message>
        <source> (+{count} more levels)</source>
        <translation>（另有 {count} 个取值）</translation>
    </message>
    <message>
        <source>top: {shares}</source>
        <translation>最常见：{shares}</translation>
    </message>
</context>
<context>
    <name>ColumnsModel</name>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Unique</source>
        <translation>不同值</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Set {columns} to {role}, {kind}</source>
        <translation>将 {columns} 设为{role}、{kind}</translation>
    </message>
    <message>
        <source>Make {name} the target</source>
        <translation>将 {name} 设为目标列</translation>
    </message>
    <message>
        <source>Set role of {columns} to {role}</source>
        <translation>将 {columns} 的角色设为{role}</translation>
    </message>
    <message>
        <source>Set kind of {columns} to {kind}</source>
        <translation>将 {columns} 的类型设为{kind}</translation>
    </message>
    <message>
        <source>Column name</source>
        <translation>列名</translation>
    </message>
    <message>
        <source>What kind of values the column holds (double-click to change)</source>
        <translation>这一列存放哪类值（双击修改）</translation>
    </message>
    <message>
        <source>feature = input to the model, target = what to predict, ignore = unused (double-click to change)</source>
        <translation>特征 = 模型的输入，目标列 = 要预测的列，忽略 = 不使用（双击修改）</translation>
    </message>
    <message>
        <source>Share of rows with no value</source>
        <translation>没有值的行所占比例</translation>
    </message>
    <message>
        <source>Number of different values</source>
        <translation>不同值的个数</translation>
    </message>
    <message>
        <source>How many numbers the model reads from the column (hover a cell for how)</source>
        <translation>模型从这一列读取多少个数（悬停单元格查看方式）</translation>
    </message>
    <message>
        <source>usable as target ({task})</source>
        <translation>可作为目标列（{task}）</translation>
    </message>
    <message>
        <source>not usable as target</source>
        <translation>不能作为目标列</translation>
    </message>
    <message>
        <source>Model inputs: {detail}</source>
        <translation>模型输入：{detail}</translation>
    </message>
    <message>
        <source>{missing} missing · {unique} different values · stored as {dtype} · {usable}</source>
        <translation>缺失 {missing} 个 · {unique} 个不同值 · 存储为 {dtype} · {usable}</translation>
    </message>
</context>
<context>
    <name>ColumnsPanel</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Filter columns…</source>
        <translation>筛选列…</translation>
    </message>
    <message>
        <source>Set role</source>
        <translation>设置角色</translation>
    </message>
    <message>
        <source>Set kind</source>
        <translation>设置类型</translation>
    </message>
    <message>
        <source>How the selected column becomes the numbers the model reads</source>
        <translation>所选列如何变成模型读取的数</translation>
    </message>
    <message>
        <source>{action} of every selected column (one undo step)</source>
        <translation>对所有选中的列{action}（一步撤销）</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>已选 %n 列</numerusform>
        </translation>
    </message>
    <message>
        <source>Model inputs · {description}</source>
        <translation>模型输入 · {description}</translation>
    </message>
</context>
<context>
    <name>CsvLoader</name>
    <message>
        <source>&apos;{name}&apos; is too large to fit in memory. Close other programs, or open a smaller part of the file.</source>
        <translation>“{name}”太大，内存放不下。请关闭其他程序，或打开文件中较小的一部分。</translation>
    </message>
    <message>
        <source>Could not read &apos;{name}&apos;: {error}. Check that the file exists and that you may read it.</source>
        <translation>无法读取“{name}”：{error}。请检查文件是否存在以及你是否有读取权限。</translation>
    </message>
    <message>
        <source>Could not read &apos;{name}&apos; ({error}). Check that it is a plain CSV file.</source>
        <translation>无法读取“{name}”（{error}）。请检查它是否为普通的 CSV 文件。</translation>
    </message>
</context>
<context>
    <name>DataPage</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Open CSV…</source>
        <translation>打开 CSV…</translation>
    </message>
    <message>
        <source>Open a comma, semicolon or tab separated file</source>
        <translation>打开以逗号、分号或制表符分隔的文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Distribution</source>
        <translation>分布</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>… and {count} more (hover to read)</source>
        <translation>…… 另有 {count} 条（悬停查看）</translation>
    </message>
    <message>
        <source>Open CSV</source>
        <translation>打开 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading {name}… {percent}%</source>
        <translation>正在读取 {name}… {percent}%</translation>
    </message>
    <message>
        <source>Inferring column kinds of {name}… {percent}%</source>
        <translation>正在推断 {name} 各列的类型… {percent}%</translation>
    </message>
    <message>
        <source>The columns of &apos;{name}&apos; differ from the ones this project was made with; column roles and kinds were inferred again. Check the target and features.</source>
        <translation>“{name}”的列与创建本项目时的不同，已重新推断各列的角色和类型。请检查目标列和特征。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is not in the loaded data.</source>
        <translation>已加载的数据中没有“{name}”。</translation>
    </message>
</context>
<context>
    <name>DataSummary</name>
    <message>
        <source>{columns} columns (data file not loaded) · {features} features</source>
        <translation>{columns} 列（数据文件未加载）· {features} 个特征</translation>
    </message>
    <message>
        <source>No data loaded — open a CSV file to begin.</source>
        <translation>尚未加载数据 —— 打开一个 CSV 文件开始。</translation>
    </message>
    <message>
        <source>{count} feature</source>
        <translation>{count} 个特征</translation>
    </message>
    <message>
        <source>{count} features</source>
        <translation>{count} 个特征</translation>
    </message>
    <message>
        <source>{rows} rows · {columns} columns · {features}</source>
        <translation>{rows} 行 · {columns} 列 · {features}</translation>
    </message>
    <message>
        <source> ({count} model input)</source>
        <translation>（{count} 个模型输入）</translation>
    </message>
    <message>
        <source> ({count} model inputs)</source>
        <translation>（{count} 个模型输入）</translation>
    </message>
    <message>
        <source> · no target: choose the column to predict</source>
        <translation> · 没有目标列：请选择要预测的列</translation>
    </message>
    <message>
        <source> → target {target} ({detail})</source>
        <translation> → 目标列 {target}（{detail}）</translation>
    </message>
    <message>
        <source>no task: choose one</source>
        <translation>没有任务：请选择一个</translation>
    </message>
    <message>
        <source>{task}, every value is missing</source>
        <translation>{task}，所有值都缺失</translation>
    </message>
    <message>
        <source>binary, {share}% {positive}</source>
        <translation>二分类，{share}% 为 {positive}</translation>
    </message>
    <message>
        <source>multiclass, {count} classes</source>
        <translation>多分类，{count} 个类别</translation>
    </message>
    <message>
        <source>regression, but the values are not numbers</source>
        <translation>回归，但这些值不是数</translation>
    </message>
    <message>
        <source>regression, mean {mean}, sd {sd}</source>
        <translation>回归，均值 {mean}，标准差 {sd}</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>Missing cells show as —. Read as missing: {short}, … ({count} tokens; hover for all)</source>
        <translation>缺失的单元格显示为 —。读作缺失值的有：{short}, …（共 {count} 个；悬停查看全部）</translation>
    </message>
    <message>
        <source>These cell values (after trimming spaces) are read as missing:</source>
        <translation>这些单元格的值（去掉首尾空格后）读作缺失值：</translation>
    </message>
</context>
<context>
    <name>DistributionView</name>
    <message>
        <source>Select a column to see its distribution.</source>
        <translation>选择一列以查看其分布。</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>LayerLab projects (*.layerlab)</source>
        <translation>LayerLab 项目 (*.layerlab)</translation>
    </message>
    <message>
        <source>CSV tables (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>CSV 表格 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>close LayerLab</source>
        <translation>关闭 LayerLab</translation>
    </message>
    <message>
        <source>start a new project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>open another project</source>
        <translation>打开另一个项目</translation>
    </message>
    <message>
        <source>open another table</source>
        <translation>打开另一个表格</translation>
    </message>
    <message>
        <source>Open &amp;example</source>
        <translation>打开示例(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Recent files</source>
        <translation>最近的文件(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New project</source>
        <translation>新建项目(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open project…</source>
        <translation>打开项目(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;CSV…</source>
        <translation>打开 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Start a new project on a CSV table</source>
        <translation>基于一个 CSV 表格新建项目</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and {doing}?
The run so far is kept.</source>
        <translation>有一次训练正在进行。要停止它并{doing}吗？
已完成的部分会保留。</translation>
    </message>
    <message>
        <source>Training is still stopping</source>
        <translation>训练仍在停止中</translation>
    </message>
    <message>
        <source>The training run did not stop in time. Try again in a moment.</source>
        <translation>训练没有及时停止。请稍后再试。</translation>
    </message>
    <message>
        <source>New project: open a CSV file to begin.</source>
        <translation>新项目：打开一个 CSV 文件开始。</translation>
    </message>
    <message>
        <source>open the {name} example</source>
        <translation>打开示例 {name}</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>Example “{name}” loaded: press F5 to train.</source>
        <translation>示例“{name}”已加载：按 F5 开始训练。</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Open CSV table</source>
        <translation>打开 CSV 表格</translation>
    </message>
    <message>
        <source>Cannot open this file</source>
        <translation>无法打开此文件</translation>
    </message>
    <message>
        <source>“{name}” is neither a LayerLab project (*.layerlab) nor a CSV table (*.csv).</source>
        <translation>“{name}”既不是 LayerLab 项目 (*.layerlab)，也不是 CSV 表格 (*.csv)。</translation>
    </message>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>The project&apos;s model has problems</source>
        <translation>项目中的模型有问题</translation>
    </message>
    <message>
        <source>“{name}” has a model this version of LayerLab cannot train as it is:</source>
        <translation>“{name}”中的模型无法用此版本的 LayerLab 直接训练：</translation>
    </message>
    <message>
        <source>Open it anyway and fix it on the Model page? (No keeps what is open now.)</source>
        <translation>仍然打开并在模型页修复吗？（选“否”保留当前打开的内容。）</translation>
    </message>
    <message>
        <source>Opened project {name}.</source>
        <translation>已打开项目 {name}。</translation>
    </message>
    <message>
        <source>Restored the autosaved copy of {name}: save it to keep it.</source>
        <translation>已恢复 {name} 的自动保存副本：请保存以保留它。</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <source>Data file not found</source>
        <translation>找不到数据文件</translation>
    </message>
    <message>
        <source>This project&apos;s data file was not found:
{path}

Locate it now? (Choose No to open the project without data.)</source>
        <translation>找不到本项目的数据文件：
{path}

现在查找它吗？（选“否”则不带数据打开项目。）</translation>
    </message>
    <message>
        <source>Locate {name}</source>
        <translation>查找 {name}</translation>
    </message>
    <message>
        <source>Read a file outside the project&apos;s folder?</source>
        <translation>读取项目文件夹之外的文件？</translation>
    </message>
    <message>
        <source>“{name}” reads its data from
{path}
which lies outside the project&apos;s folder and was never opened in LayerLab on this computer.

Projects shared by others can point at any file; its values would end up in the models you train and share.

Read this file? (No opens the project without data; choose a table on the Data page.)</source>
        <translation>“{name}”从以下位置读取数据：
{path}
该文件位于项目文件夹之外，并且从未在这台电脑上的 LayerLab 中打开过。

别人分享的项目可以指向任意文件；其中的值会进入你训练并分享的模型。

读取此文件吗？（选“否”则不带数据打开项目；请在数据页选择一个表格。）</translation>
    </message>
    <message>
        <source>Loaded {name}.</source>
        <translation>已加载 {name}。</translation>
    </message>
    <message>
        <source>Cannot open the table</source>
        <translation>无法打开表格</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Cannot save the project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Could not copy the trained models into &apos;{folder}&apos;: {error}.

Your work is still open; save it to another folder.</source>
        <translation>无法把训练好的模型复制到“{folder}”：{error}。

你的工作仍然打开着；请保存到另一个文件夹。</translation>
    </message>
    <message>
        <source>Your work is still open; save it to another file.</source>
        <translation>你的工作仍然打开着；请保存为另一个文件。</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（没有最近的文件）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
</context>
<context>
    <name>FrameTableModel</name>
    <message>
        <source>Missing value</source>
        <translation>缺失值</translation>
    </message>
</context>
<context>
    <name>GraphScene</name>
    <message>
        <source>binary classification</source>
        <translation>二分类</translation>
    </message>
    <message>
        <source>multiclass classification</source>
        <translation>多分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>shape ?</source>
        <translation>形状 ?</translation>
    </message>
    <message>
        <source>{layer} (unknown type)</source>
        <translation>{layer}（未知类型）</translation>
    </message>
    <message>
        <source>params ?</source>
        <translation>参数 ?</translation>
    </message>
    <message>
        <source>no params</source>
        <translation>无参数</translation>
    </message>
    <message>
        <source>{count} params</source>
        <translation>{count} 个参数</translation>
    </message>
    <message>
        <source>table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>{rows} rows · {features} features</source>
        <translation>{rows} 行 · {features} 个特征</translation>
    </message>
    <message>
        <source>{rows} rows, {features} feature columns</source>
        <translation>{rows} 行，{features} 个特征列</translation>
    </message>
    <message>
        <source>no CSV open</source>
        <translation>未打开 CSV</translation>
    </message>
    <message>
        <source>open one on the Data page</source>
        <translation>请在数据页打开</translation>
    </message>
    <message>
        <source>Open a CSV on the Data page.</source>
        <translation>请在数据页打开一个 CSV。</translation>
    </message>
    <message>
        <source>task not set</source>
        <translation>未设置任务</translation>
    </message>
    <message>
        <source>target: {column}</source>
        <translation>目标列：{column}</translation>
    </message>
    <message>
        <source>no target column</source>
        <translation>没有目标列</translation>
    </message>
    <message>
        <source>choose one on the Data page</source>
        <translation>请在数据页选择</translation>
    </message>
    <message>
        <source>What the model predicts: {what}</source>
        <translation>模型预测的内容：{what}</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Connect {layer} → … release on a layer&apos;s input port</source>
        <translation>连接 {layer} → … 在某层的输入端口上松开</translation>
    </message>
    <message>
        <source>Connection cancelled: release on a layer&apos;s input port to connect.</source>
        <translation>已取消连接：在某层的输入端口上松开才能连接。</translation>
    </message>
    <message>
        <source>Drop to insert between {source} and {target}</source>
        <translation>松开以插入到 {source} 和 {target} 之间</translation>
    </message>
    <message>
        <source>Drop to place the layer here (unconnected)</source>
        <translation>松开以把层放在这里（不连接）</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>About LayerLab</source>
        <translation>关于 LayerLab</translation>
    </message>
    <message>
        <source>&lt;p&gt;Build, train and export neural networks on CSV tables without writing code, and without hiding the code either.&lt;/p&gt;&lt;p&gt;Open a CSV, stack layers on the canvas, press &lt;b&gt;F5&lt;/b&gt; to train, compare the network with a linear baseline on the Evaluate page, and export a model that runs wherever PyTorch runs.&lt;/p&gt;&lt;p&gt;Everything the app does is available headless: &lt;code&gt;layerlab --help&lt;/code&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在 CSV 表格上构建、训练并导出神经网络，无需写代码，也不把代码藏起来。&lt;/p&gt;&lt;p&gt;打开一个 CSV，在画布上堆叠各层，按 &lt;b&gt;F5&lt;/b&gt; 训练，在评估页把网络与线性基线比较，再导出一个在任何能运行 PyTorch 的地方都能运行的模型。&lt;/p&gt;&lt;p&gt;应用能做的一切都可以在无界面模式下完成：&lt;code&gt;layerlab --help&lt;/code&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;About LayerLab</source>
        <translation>关于 LayerLab(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
</context>
<context>
    <name>InputText</name>
    <message>
        <source>{n} column</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>{n} columns</source>
        <translation>{n} 列</translation>
    </message>
    <message>
        <source>{n} input</source>
        <translation>{n} 个输入</translation>
    </message>
    <message>
        <source>{n} inputs</source>
        <translation>{n} 个输入</translation>
    </message>
    <message>
        <source>{n} number</source>
        <translation>{n} 个数</translation>
    </message>
    <message>
        <source>{n} numbers</source>
        <translation>{n} 个数</translation>
    </message>
    <message>
        <source>{n} category</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <source>{n} categories</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <source>{n} number column</source>
        <translation>{n} 个数值列</translation>
    </message>
    <message>
        <source>{n} number columns</source>
        <translation>{n} 个数值列</translation>
    </message>
    <message>
        <source>{n} yes/no column</source>
        <translation>{n} 个是/否列</translation>
    </message>
    <message>
        <source>{n} yes/no columns</source>
        <translation>{n} 个是/否列</translation>
    </message>
    <message>
        <source>{columns} of your table become {numbers} for the model:</source>
        <translation>表格中的 {columns} 变成模型的 {numbers}：</translation>
    </message>
    <message>
        <source> and {count} more</source>
        <translation>，另有 {count} 个</translation>
    </message>
    <message>
        <source>• categories are one-hot encoded, one input per category ({examples});</source>
        <translation>• 类别做独热编码，每个类别一个输入（{examples}）；</translation>
    </message>
    <message>
        <source>• {columns} stay one input each, scaled ({names});</source>
        <translation>• {columns}各占一个输入，经过缩放（{names}）；</translation>
    </message>
    <message>
        <source>• {columns} become one 0/1 input each ({names});</source>
        <translation>• {columns}各变成一个 0/1 输入（{names}）；</translation>
    </message>
    <message>
        <source>• {column}: a date → {inputs} (year, month, day of week, day of year);</source>
        <translation>• {column}：日期 → {inputs}（年、月、星期几、一年中的第几天）；</translation>
    </message>
    <message>
        <source>• {columns} has missing values: one more input marks where a value was missing;</source>
        <translation>• {columns} 有缺失值：多一个输入标记哪里缺失；</translation>
    </message>
    <message>
        <source>• {columns} have missing values: one more input marks where a value was missing;</source>
        <translation>• {columns} 有缺失值：多一个输入标记哪里缺失；</translation>
    </message>
    <message>
        <source>• not used as inputs: {columns} (their kind cannot be encoded).</source>
        <translation>• 未用作输入：{columns}（其类型无法编码）。</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>Search layers…</source>
        <translation>搜索层…</translation>
    </message>
    <message>
        <source>Drag onto the canvas or onto an arrow; double-click adds before Output.</source>
        <translation>拖到画布或箭头上；双击则添加到输出层之前。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The project “{name}” has unsaved changes.
Do you want to save them first?</source>
        <translation>项目“{name}”有未保存的更改。
要先保存吗？</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Something went wrong: {summary}

LayerLab keeps running; saving your work now is a good idea.
The details were written to
{log}
(attach that file when you report the problem).</source>
        <translation>出错了：{summary}

LayerLab 会继续运行；现在保存你的工作是个好主意。
详细信息已写入
{log}
（报告问题时请附上该文件）。</translation>
    </message>
    <message>
        <source>Restore unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <source>LayerLab did not close normally last time. An autosaved copy of “{name}” from {time} was found.

Restore it, or discard it?</source>
        <translation>LayerLab 上次没有正常关闭。找到了“{name}”在 {time} 的自动保存副本。

要恢复它，还是丢弃它？</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Out of GPU memory</source>
        <translation>GPU 显存不足</translation>
    </message>
    <message>
        <source>Retry at batch size {size}</source>
        <translation>以批大小 {size} 重试</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Drag from a layer&apos;s bottom port to another&apos;s top port to connect · Delete removes · wheel zooms</source>
        <translation>从一层底部的端口拖到另一层顶部的端口即可连接 · Delete 删除 · 滚轮缩放</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Auto-&amp;layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>适应视图(&amp;F)</translation>
    </message>
    <message>
        <source>Delete the selected layers (neighbours reconnect) or connections</source>
        <translation>删除选中的层（相邻的层重新连接）或连接</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Model summary</source>
        <translation>模型摘要</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Problems ({count})</source>
        <translation>问题（{count}）</translation>
    </message>
    <message>
        <source>Copied {count} layers</source>
        <translation>已复制 {count} 个层</translation>
    </message>
    <message>
        <source>Copied {count} layer</source>
        <translation>已复制 {count} 个层</translation>
    </message>
    <message>
        <source>Nothing to paste: copy some layers first.</source>
        <translation>没有可粘贴的内容：请先复制一些层。</translation>
    </message>
</context>
<context>
    <name>ModelSummary</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Hidden layers: {count}</source>
        <translation>隐藏层：{count}</translation>
    </message>
    <message>
        <source>Shapes and parameter counts appear once a CSV with a target is open.</source>
        <translation>打开带目标列的 CSV 后，这里会显示形状和参数数量。</translation>
    </message>
    <message>
        <source>Input: {inputs} · </source>
        <translation>输入：{inputs} · </translation>
    </message>
    <message>
        <source>Total: {count} parameters</source>
        <translation>共 {count} 个参数</translation>
    </message>
    <message>
        <source>{hidden}: each Dense layer, with its activation, dropout and normalisation, counts as one hidden layer.</source>
        <translation>{hidden}：每个 Dense 层连同其激活函数、Dropout 和归一化算作一个隐藏层。</translation>
    </message>
</context>
<context>
    <name>NodeItem</name>
    <message>
        <source>Problem:</source>
        <translation>问题：</translation>
    </message>
    <message>
        <source>Input data</source>
        <translation>输入数据</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
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
        <source>The new language applies when LayerLab restarts.</source>
        <translation>新的语言将在 LayerLab 重启后生效。</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ProblemsList</name>
    <message>
        <source>No problems: the model can be built.</source>
        <translation>没有问题：模型可以构建。</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <source>Open a CSV file first.</source>
        <translation>请先打开一个 CSV 文件。</translation>
    </message>
    <message>
        <source>Choose the column to predict on the Data page{why}.</source>
        <translation>请在数据页选择要预测的列{why}。</translation>
    </message>
    <message>
        <source>Choose at least one feature column on the Data page.</source>
        <translation>请在数据页至少选择一个特征列。</translation>
    </message>
    <message>
        <source> (and {count} more)</source>
        <translation>（另有 {count} 个）</translation>
    </message>
    <message>
        <source>Fix the model: {layer}: {problem}{more}</source>
        <translation>请修复模型：{layer}：{problem}{more}</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Use the {name} template</source>
        <translation>使用模板 {name}</translation>
    </message>
    <message>
        <source>Change split</source>
        <translation>修改划分</translation>
    </message>
    <message>
        <source>Change training settings</source>
        <translation>修改训练设置</translation>
    </message>
</context>
<context>
    <name>PropertiesPanel</name>
    <message>
        <source>No layer selected</source>
        <translation>未选中层</translation>
    </message>
    <message numerus="yes">
        <source>%n layers selected</source>
        <translation>
            <numerusform>已选中 %n 个层</numerusform>
        </translation>
    </message>
    <message>
        <source>Select one layer on the canvas to edit its settings.</source>
        <translation>在画布上选中一个层以编辑其设置。</translation>
    </message>
    <message>
        <source>This layer type is unknown to this version of LayerLab.</source>
        <translation>此版本的 LayerLab 不认识这种层类型。</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
    <message>
        <source>This layer has no settings.</source>
        <translation>这一层没有设置。</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Allowed: {values}.</source>
        <translation>允许的值：{values}。</translation>
    </message>
    <message>
        <source>Change {setting} of {layer}</source>
        <translation>修改 {layer} 的{setting}</translation>
    </message>
</context>
<context>
    <name>RecoveryManager</name>
    <message>
        <source>an unknown time</source>
        <translation>未知时间</translation>
    </message>
    <message>
        <source>its note is missing</source>
        <translation>它的说明文件不见了</translation>
    </message>
    <message>
        <source>its note is damaged ({error})</source>
        <translation>它的说明文件已损坏（{error}）</translation>
    </message>
    <message>
        <source>its project file is missing</source>
        <translation>它的项目文件不见了</translation>
    </message>
    <message>
        <source>Autosaved copy discarded</source>
        <translation>已丢弃自动保存的副本</translation>
    </message>
    <message>
        <source>An autosaved copy of “{name}” was found but could not be read, so it was discarded:
{why}

LayerLab starts normally.</source>
        <translation>找到了“{name}”的自动保存副本，但无法读取，因此已将其丢弃：
{why}

LayerLab 正常启动。</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Rows used to fit the weights</source>
        <translation>用于拟合权重的行</translation>
    </message>
    <message>
        <source>Rows used to watch for over-fitting and early stopping</source>
        <translation>用于观察过拟合和早停的行</translation>
    </message>
    <message>
        <source>Rows kept aside for the final, honest score</source>
        <translation>留作最终、公正评分的行</translation>
    </message>
    <message>
        <source>The same seed gives the same split every time</source>
        <translation>相同的种子每次给出相同的划分</translation>
    </message>
    <message>
        <source>Stratify</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Keep each class&apos;s share the same in every part (classification)</source>
        <translation>每一部分中各类别的比例保持一致（分类）</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Training needs a share above 0 %.</source>
        <translation>训练集的比例必须大于 0 %。</translation>
    </message>
    <message>
        <source>Train + val + test = {total}&#xa0;%: make them add up to 100&#xa0;% (not applied yet).</source>
        <translation>训练 + 验证 + 测试 = {total}&#xa0;%：请让它们加起来等于 100&#xa0;%（尚未应用）。</translation>
    </message>
    <message>
        <source>Change seed</source>
        <translation>修改种子</translation>
    </message>
    <message>
        <source>Change stratification</source>
        <translation>修改分层</translation>
    </message>
    <message>
        <source>Set split to {train}/{val}/{test}</source>
        <translation>将划分设为 {train}/{val}/{test}</translation>
    </message>
</context>
<context>
    <name>StatusController</name>
    <message>
        <source>Train is disabled: {reason}</source>
        <translation>无法训练：{reason}</translation>
    </message>
    <message>
        <source>✔ Ready to train (F5)</source>
        <translation>✔ 可以训练（F5）</translation>
    </message>
    <message>
        <source>The model is valid for this data.</source>
        <translation>模型对这份数据有效。</translation>
    </message>
    <message>
        <source>No runs yet</source>
        <translation>还没有训练记录</translation>
    </message>
    <message>
        <source>Run {number}: {how} after {epochs} epochs</source>
        <translation>第 {number} 次训练：{how}，共 {epochs} 轮</translation>
    </message>
    <message>
        <source>Run {number}: {how}</source>
        <translation>第 {number} 次训练：{how}</translation>
    </message>
    <message>
        <source>Run {number}</source>
        <translation>第 {number} 次训练</translation>
    </message>
    <message>
        <source>● Starting the training process…</source>
        <translation>● 正在启动训练进程…</translation>
    </message>
    <message>
        <source>Train is busy: the run starts as soon as the training process is ready.</source>
        <translation>训练忙：训练进程就绪后立即开始。</translation>
    </message>
    <message>
        <source>{run} starting…</source>
        <translation>{run}正在启动…</translation>
    </message>
    <message>
        <source>● Training… (F6 pauses, Esc stops)</source>
        <translation>● 正在训练…（F6 暂停，Esc 停止）</translation>
    </message>
    <message>
        <source>{run} running</source>
        <translation>{run}进行中</translation>
    </message>
    <message>
        <source>● Paused (F6 resumes, Esc stops)</source>
        <translation>● 已暂停（F6 继续，Esc 停止）</translation>
    </message>
    <message>
        <source>{run} paused</source>
        <translation>{run}已暂停</translation>
    </message>
    <message>
        <source>Run finished.</source>
        <translation>训练完成。</translation>
    </message>
    <message>
        <source>{message}  See the Evaluate page for test metrics.</source>
        <translation>{message}  测试集指标请看评估页。</translation>
    </message>
    <message>
        <source>Last run failed</source>
        <translation>上次训练失败</translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation>训练失败：{message}</translation>
    </message>
</context>
<context>
    <name>TargetPanel</name>
    <message>
        <source>— choose the column to predict —</source>
        <translation>— 选择要预测的列 —</translation>
    </message>
    <message>
        <source>two classes: the model predicts the probability of the second</source>
        <translation>两个类别：模型预测属于第二类的概率</translation>
    </message>
    <message>
        <source>one of several classes</source>
        <translation>多个类别之一</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>一个数</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>The column the model learns to predict</source>
        <translation>模型学习预测的列</translation>
    </message>
    <message>
        <source>binary: two classes · multiclass: several classes · regression: a number</source>
        <translation>二分类：两个类别 · 多分类：多个类别 · 回归：一个数</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>auto (inferred: {task})</source>
        <translation>自动（推断为：{task}）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not guessed: {reason}.</source>
        <translation>未能推断：{reason}。</translation>
    </message>
    <message>
        <source>Choose the column to predict</source>
        <translation>选择要预测的列</translation>
    </message>
    <message>
        <source>Choose the column to predict.</source>
        <translation>选择要预测的列。</translation>
    </message>
    <message>
        <source>Choose the column the model learns to predict; Train stays disabled until one is chosen</source>
        <translation>选择模型要学习预测的列；选定之前无法训练</translation>
    </message>
    <message>
        <source>Network: {inputs} inputs → {outputs} output</source>
        <translation>网络：{inputs} 个输入 → {outputs} 个输出</translation>
    </message>
    <message>
        <source>Network: {inputs} inputs → {outputs} outputs</source>
        <translation>网络：{inputs} 个输入 → {outputs} 个输出</translation>
    </message>
    <message>
        <source>Make {name} the target</source>
        <translation>将 {name} 设为目标列</translation>
    </message>
    <message>
        <source>Clear the target</source>
        <translation>清除目标列</translation>
    </message>
    <message>
        <source>Set task to {task}</source>
        <translation>将任务设为{task}</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>binary</source>
        <translation>二分类</translation>
    </message>
    <message>
        <source>multiclass</source>
        <translation>多分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
</context>
</TS>
