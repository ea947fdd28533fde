<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BestSoFarPlot</name>
    <message>
        <source>Best validation loss so far</source>
        <translation>迄今最佳验证损失</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
</context>
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
    <message>
        <source>image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
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
    <message>
        <source>tokens per text: median {median} · 95th percentile {p95} · longest {longest}</source>
        <translation>每条文本的词元数：中位数 {median} · 第 95 百分位 {p95} · 最长 {longest}</translation>
    </message>
    <message>
        <source>{share} % are longer than {length} tokens (the dashed line); the model reads their start only</source>
        <translation>{share} % 的文本超过 {length} 个词元（虚线）；模型只读取其开头部分</translation>
    </message>
    <message>
        <source> (from {count} sampled texts)</source>
        <translation>（抽样 {count} 条文本）</translation>
    </message>
    <message>
        <source>images as the model sees them: {shape}</source>
        <translation>模型看到的图像：{shape}</translation>
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
        <source>%n columns</source>
        <translation>%n 列</translation>
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
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: true class · columns: predicted class · colour: share of the row</source>
        <translation>行：真实类别 · 列：预测类别 · 颜色：占该行的比例</translation>
    </message>
    <message>
        <source>class {number}</source>
        <translation>类别 {number}</translation>
    </message>
    <message>
        <source>predicted {name}</source>
        <translation>预测为 {name}</translation>
    </message>
    <message>
        <source>true {name}</source>
        <translation>实际为 {name}</translation>
    </message>
    <message>
        <source>{count} test rows of class {true} were predicted as {predicted} ({share} % of that class).</source>
        <translation>类别 {true} 的 {count} 个测试集的行被预测为 {predicted}（占该类别的 {share} %）。</translation>
    </message>
</context>
<context>
    <name>CostView</name>
    <message>
        <source>Cost: appears once the model can be built for the data.</source>
        <translation>开销：模型能为这份数据构建后显示。</translation>
    </message>
    <message>
        <source>{count} copy</source>
        <translation>{count} 份副本</translation>
    </message>
    <message>
        <source>{count} copies</source>
        <translation>{count} 份副本</translation>
    </message>
    <message>
        <source>Memory: {total} = weights {weights} + {optimizer} state ({copies}) {state}</source>
        <translation>内存：{total} = 权重 {weights} + {optimizer} 状态（{copies}）{state}</translation>
    </message>
    <message>
        <source>{state}. Gradients and each batch&apos;s activations take more while training; float32 (4 bytes a number).</source>
        <translation>{state}。训练时梯度和每批的激活值还会占用更多内存；float32（每个数 4 字节）。</translation>
    </message>
    <message>
        <source>FLOPs per sample: counting…</source>
        <translation>每个样本的 FLOPs：计算中…</translation>
    </message>
    <message>
        <source>Time per epoch: timing a few batches…</source>
        <translation>每轮时间：正在为几批计时…</translation>
    </message>
    <message>
        <source>Time per epoch: ≈ {time} estimated on {device}</source>
        <translation>每轮时间：在 {device} 上估计约 {time}</translation>
    </message>
    <message>
        <source>From {batch}-row batches timed on {device} ({path}), scaled to {train} training and {val} validation rows.</source>
        <translation>由在 {device}（{path}）上计时的 {batch} 行批次，按 {train} 行训练集和 {val} 行验证集换算。</translation>
    </message>
    <message>
        <source>FLOPs per sample: {forward} forward, {both} with backward (×{factor})</source>
        <translation>每个样本的 FLOPs：前向 {forward}，含反向 {both}（×{factor}）</translation>
    </message>
    <message>
        <source>Counted by PyTorch&apos;s FlopCounterMode on one forward pass: matrix products (2 per multiply-add); activations and normalisation are not counted. Training is taken as {factor}× the forward pass.</source>
        <translation>由 PyTorch 的 FlopCounterMode 在一次前向传播中统计：矩阵乘法（每次乘加计 2 次）；激活函数和归一化不计入。训练按前向传播的 {factor} 倍计算。</translation>
    </message>
    <message>
        <source>, {time} measured ({run})</source>
        <translation>，实测 {time}（{run}）</translation>
    </message>
    <message>
        <source>Time per epoch: could not be timed ({error}).</source>
        <translation>每轮时间：无法计时（{error}）。</translation>
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
    <name>CurvesView</name>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Validation RMSE</source>
        <translation>验证 RMSE</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Validation metric</source>
        <translation>验证指标</translation>
    </message>
    <message>
        <source>batch loss</source>
        <translation>批损失</translation>
    </message>
    <message>
        <source>batch loss (smoothed)</source>
        <translation>批损失（平滑）</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>best epoch (lowest val. loss)</source>
        <translation>最佳轮次（验证损失最低）</translation>
    </message>
    <message>
        <source>Exponential moving average of the batch loss, as in TensorBoard (0 = raw).</source>
        <translation>批损失的指数移动平均，与 TensorBoard 相同（0 = 原始值）。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>{run} val loss</source>
        <translation>{run} 验证损失</translation>
    </message>
    <message>
        <source>Validation {metric}</source>
        <translation>验证 {metric}</translation>
    </message>
    <message>
        <source>epoch {position}</source>
        <translation>轮次 {position}</translation>
    </message>
    <message>
        <source>Epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source>train {loss}</source>
        <translation>训练 {loss}</translation>
    </message>
    <message>
        <source>val {loss}</source>
        <translation>验证 {loss}</translation>
    </message>
    <message>
        <source>batch (smoothed) {loss}</source>
        <translation>批（平滑）{loss}</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
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
    <name>DecisionPlots</name>
    <message>
        <source>Precision-recall</source>
        <translation>精确率-召回率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Average precision {value}</source>
        <translation>平均精确率 {value}</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Mean predicted probability</source>
        <translation>平均预测概率</translation>
    </message>
    <message>
        <source>Share positive</source>
        <translation>正类比例</translation>
    </message>
    <message>
        <source>Brier score {brier} (0 = perfect, {bins} bins)</source>
        <translation>Brier 分数 {brier}（0 = 完美，{bins} 个区间）</translation>
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
    <name>EvaluatePage</name>
    <message>
        <source>No model trained in this project yet.
Train a model (Training page, F5) to see how it does on the test rows.</source>
        <translation>此项目还没有训练过模型。
训练一个模型（训练页，F5），查看它在测试集上的表现。</translation>
    </message>
    <message>
        <source>&amp;Export model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the selected run&apos;s trained model as a .llmodel bundle</source>
        <translation>将所选训练得到的模型保存为 .llmodel 文件</translation>
    </message>
    <message>
        <source>&amp;Predict on CSV…</source>
        <translation>对 CSV 预测(&amp;P)…</translation>
    </message>
    <message>
        <source>Run the selected run&apos;s model on a CSV file and show the predictions</source>
        <translation>用所选训练的模型预测一个 CSV 文件并显示预测结果</translation>
    </message>
    <message>
        <source>Export model…</source>
        <translation>导出模型…</translation>
    </message>
    <message>
        <source>Predict on CSV…</source>
        <translation>对 CSV 预测…</translation>
    </message>
    <message>
        <source>Confusion matrix (test rows)</source>
        <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
        <source>ROC curve (test rows)</source>
        <translation>ROC 曲线（测试集）</translation>
    </message>
    <message>
        <source>Predicted vs actual</source>
        <translation>预测值与实际值</translation>
    </message>
    <message>
        <source>Residuals</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>This run kept no test predictions to plot.</source>
        <translation>这次训练没有保存可绘制的测试集预测。</translation>
    </message>
    <message>
        <source>Test metrics: network vs baseline</source>
        <translation>测试集指标：网络与基线对比</translation>
    </message>
    <message>
        <source>This run</source>
        <translation>本次训练</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>决策阈值</translation>
    </message>
    <message>
        <source>Explanations</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Test examples</source>
        <translation>测试样例</translation>
    </message>
    <message>
        <source>Train a model first (F5).</source>
        <translation>请先训练模型（F5）。</translation>
    </message>
    <message>
        <source>No trained model</source>
        <translation>没有已训练的模型</translation>
    </message>
    <message>
        <source>Train a model first (F5), then export or use it.</source>
        <translation>请先训练模型（F5），然后再导出或使用它。</translation>
    </message>
    <message>
        <source>Model file missing</source>
        <translation>模型文件缺失</translation>
    </message>
    <message>
        <source>The run&apos;s model file was not found:
{path}

Train the model again.</source>
        <translation>找不到这次训练的模型文件：
{path}

请重新训练模型。</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>LayerLab models (*.llmodel)</source>
        <translation>LayerLab 模型 (*.llmodel)</translation>
    </message>
    <message>
        <source>Cannot export the model</source>
        <translation>无法导出模型</translation>
    </message>
    <message>
        <source>Could not write &apos;{path}&apos;: {reason}. Choose another folder.</source>
        <translation>无法写入“{path}”：{reason}。请选择其他文件夹。</translation>
    </message>
    <message>
        <source>Predict on CSV</source>
        <translation>对 CSV 预测</translation>
    </message>
    <message>
        <source>CSV tables (*.csv *.tsv *.txt)</source>
        <translation>CSV 表格 (*.csv *.tsv *.txt)</translation>
    </message>
    <message>
        <source>Predicting…</source>
        <translation>正在预测…</translation>
    </message>
    <message>
        <source>Cannot predict</source>
        <translation>无法预测</translation>
    </message>
</context>
<context>
    <name>EvaluatePlots</name>
    <message>
        <source>ROC curve</source>
        <translation>ROC 曲线</translation>
    </message>
    <message>
        <source>False positive rate</source>
        <translation>假正例率</translation>
    </message>
    <message>
        <source>True positive rate</source>
        <translation>真正例率</translation>
    </message>
    <message>
        <source>AUC {auc} (50 % = chance)</source>
        <translation>AUC {auc}（随机 50 %）</translation>
    </message>
    <message>
        <source>Predicted vs actual</source>
        <translation>预测值与实际值</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>Predicted</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>Residuals (test rows)</source>
        <translation>残差（测试集）</translation>
    </message>
    <message>
        <source>Actual − predicted</source>
        <translation>实际值 − 预测值</translation>
    </message>
</context>
<context>
    <name>ExamplesView</name>
    <message>
        <source>This run has no text, image or forecast test examples to show (a run trained before this view existed: train it again).</source>
        <translation>这次运行没有可显示的文本、图像或时间序列预测测试样例（它在此视图出现之前训练：请重新训练）。</translation>
    </message>
    <message>
        <source>The table has no column &apos;{column}&apos;, which this run read: open the data it was trained on to see its test examples.</source>
        <translation>表格中没有这次运行读取的列“{column}”：请打开训练它时用的数据，以查看其测试样例。</translation>
    </message>
    <message>
        <source>The {shown} test texts the model found hardest, worst first ({wrong} of {total} test texts misclassified in this sample).</source>
        <translation>模型最难判断的 {shown} 条测试文本，最差的在前（此样本中 {total} 条测试文本有 {wrong} 条分类错误）。</translation>
    </message>
    <message>
        <source>Test images, errors first: {wrong} of {total} misclassified in this sample (true → predicted).</source>
        <translation>测试图像，错误的在前：此样本中 {total} 张有 {wrong} 张分类错误（真实 → 预测）。</translation>
    </message>
    <message>
        <source>{true} → {predicted}</source>
        <translation>{true} → {predicted}</translation>
    </message>
    <message>
        <source>(unreadable)</source>
        <translation>（无法读取）</translation>
    </message>
    <message>
        <source>&apos;{target}&apos; over &apos;{time}&apos; in the test part: actual and predicted.</source>
        <translation>测试集中“{target}”随“{time}”的变化：实际值与预测值。</translation>
    </message>
    <message>
        <source>actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测值</translation>
    </message>
</context>
<context>
    <name>ExperimentsPage</name>
    <message>
        <source>Median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Start sweep</source>
        <translation>开始搜索</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Use this trial</source>
        <translation>使用此试验</translation>
    </message>
    <message>
        <source>Put the trial&apos;s model and settings on the canvas and its trained model in the runs list (the best trial when none is selected).</source>
        <translation>把该试验的模型和设置放到画布上，并把训练好的模型加入训练列表（未选中试验时用最佳试验）。</translation>
    </message>
    <message>
        <source>Search space: the fields to sweep</source>
        <translation>搜索空间：要搜索的字段</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验数</translation>
    </message>
    <message>
        <source>Parallel workers</source>
        <translation>并行工作进程</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>剪枝</translation>
    </message>
    <message numerus="yes">
        <source>Sweep running: %n trial(s), {workers} worker(s).</source>
        <translation>
            <numerusform>搜索进行中：%n 个试验，{workers} 个工作进程。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was marked to sweep, so it searches the learning rate and each Dense layer&apos;s width: the rows above, yours to edit for the next sweep.</source>
        <translation>没有标记要搜索的字段，因此本次搜索学习率和每个 Dense 层的宽度：即上方的各行，可在下次搜索前修改。</translation>
    </message>
    <message>
        <source>Sweep the default space</source>
        <translation>搜索默认空间</translation>
    </message>
    <message>
        <source>Stopping: running trials end and are run again on Resume.</source>
        <translation>正在停止：运行中的试验会结束，继续时重新运行。</translation>
    </message>
    <message>
        <source>No complete trial yet.</source>
        <translation>还没有完成的试验。</translation>
    </message>
    <message>
        <source>Use sweep trial {number}</source>
        <translation>使用搜索试验 {number}</translation>
    </message>
    <message>
        <source>Model of sweep trial {number}</source>
        <translation>搜索试验 {number} 的模型</translation>
    </message>
    <message>
        <source>Settings of sweep trial {number}</source>
        <translation>搜索试验 {number} 的设置</translation>
    </message>
    <message>
        <source>Trial {number} is on the canvas, and its model is the newest run on the Training page (Evaluate and Export read it as any run).</source>
        <translation>试验 {number} 已在画布上，其模型是训练页上最新的一次训练（评估和导出像对待任何一次训练一样读取它）。</translation>
    </message>
    <message>
        <source>{count} {state}</source>
        <translation>{count} 个{state}</translation>
    </message>
    <message>
        <source>. Best: trial {number}, val loss {value}.</source>
        <translation>。最佳：试验 {number}，验证损失 {value}。</translation>
    </message>
    <message>
        <source>Running: {summary}</source>
        <translation>进行中：{summary}</translation>
    </message>
    <message>
        <source>No trial yet.</source>
        <translation>还没有试验。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>Train a model (F5) to see which columns it relies on.</source>
        <translation>训练一个模型（F5），查看它依赖哪些列。</translation>
    </message>
    <message>
        <source>probability of {value}</source>
        <translation>{value} 的概率</translation>
    </message>
    <message>
        <source>predicted {target}</source>
        <translation>预测的 {target}</translation>
    </message>
    <message>
        <source>Which columns matter (test rows)</source>
        <translation>哪些列重要（测试集）</translation>
    </message>
    <message>
        <source>A numeric column: the plot shows how the average prediction over the test rows moves as this column alone changes</source>
        <translation>一个数值列：图中显示只改变这一列时，测试集上的平均预测如何变化</translation>
    </message>
    <message>
        <source>Column:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>Partial dependence</source>
        <translation>部分依赖</translation>
    </message>
    <message>
        <source>Test row </source>
        <translation>测试行 </translation>
    </message>
    <message>
        <source>Back to the row</source>
        <translation>恢复该行</translation>
    </message>
    <message>
        <source>Undo the what-if edits: show the test row&apos;s own values again</source>
        <translation>撤销假设修改：重新显示该测试行本身的值</translation>
    </message>
    <message>
        <source>One prediction: a test row, or your own values</source>
        <translation>单个预测：一个测试行，或你自己的值</translation>
    </message>
    <message>
        <source>Open the project&apos;s data (Data page) to explain this model on its test rows.</source>
        <translation>请打开项目的数据（数据页），以便在测试集上解释此模型。</translation>
    </message>
    <message>
        <source>drop in accuracy (points)</source>
        <translation>准确率下降（百分点）</translation>
    </message>
    <message>
        <source>rise in RMSE</source>
        <translation>RMSE 上升</translation>
    </message>
    <message>
        <source>Each column shuffled {repeats}× on {rows} test rows ({metric} {score}); whiskers: ± 1 sd.</source>
        <translation>每列在 {rows} 个测试行上打乱 {repeats} 次（{metric} {score}）；误差线：± 1 个标准差。</translation>
    </message>
    <message>
        <source>Permutation importance: each column&apos;s values are shuffled among the test rows (its link to the answer broken, everything else kept) and the model scored again. A long bar: the model relies on that column. The whiskers show how much the loss varied over the shuffles.</source>
        <translation>置换重要性：把某一列的值在测试行之间打乱（切断它与答案的联系，其余不变），再给模型打分。条越长，模型越依赖该列。误差线表示多次打乱之间损失的波动。</translation>
    </message>
    <message numerus="yes">
        <source>{count} test rows of the project&apos;s data.</source>
        <translation>
            <numerusform>项目数据中的 {count} 个测试行。</numerusform>
        </translation>
    </message>
    <message>
        <source> of {count}</source>
        <translation> / {count}</translation>
    </message>
    <message>
        <source>this model has no numeric input columns</source>
        <translation>此模型没有数值输入列</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predicted: {prediction}&lt;/b&gt; · {output}: {value} (baseline: {average})</source>
        <translation>&lt;b&gt;预测：{prediction}&lt;/b&gt; · {output}：{value}（基线：{average}）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Predicted: {prediction}&lt;/b&gt; · {output}: {value} (average row: {average})</source>
        <translation>&lt;b&gt;预测：{prediction}&lt;/b&gt; · {output}：{value}（平均行：{average}）</translation>
    </message>
    <message>
        <source>contribution (points)</source>
        <translation>贡献（百分点）</translation>
    </message>
    <message>
        <source>contribution</source>
        <translation>贡献</translation>
    </message>
    <message>
        <source>Each input&apos;s share of the {output}: right raises it, left lowers it; together they make the difference from the baseline ({baseline}), each input switched in turn from its baseline to the row&apos;s value.</source>
        <translation>每个输入对{output}的贡献：向右使其升高，向左使其降低；合起来构成与基线（{baseline}）的差，各输入依次从基线切换为该行的值。</translation>
    </message>
    <message>
        <source>Each input&apos;s share of the {output}: right raises it, left lowers it; together they make the difference from the baseline ({baseline}): the table&apos;s columns by Integrated Gradients, then each other input switched from its baseline to the row&apos;s value.</source>
        <translation>每个输入对{output}的贡献：向右使其升高，向左使其降低；合起来构成与基线（{baseline}）的差：表格各列用积分梯度计算，其余每个输入依次从基线切换为该行的值。</translation>
    </message>
    <message>
        <source>Each column&apos;s share of the {output}: right raises it, left lowers it; together they make the difference from the average row (Integrated Gradients).</source>
        <translation>每列对 {output} 的贡献：向右使其升高，向左使其降低；合起来就是与平均行的差（积分梯度）。</translation>
    </message>
    <message>
        <source>average (%)</source>
        <translation>平均值（%）</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均值</translation>
    </message>
    <message>
        <source>Cannot explain this model: {reason}</source>
        <translation>无法解释此模型：{reason}</translation>
    </message>
</context>
<context>
    <name>ExplainPlots</name>
    <message>
        <source>drop in accuracy (points)</source>
        <translation>准确率下降（百分点）</translation>
    </message>
    <message>
        <source>contribution (points)</source>
        <translation>贡献（百分点）</translation>
    </message>
    <message>
        <source>{count} other columns</source>
        <translation>其他 {count} 列</translation>
    </message>
</context>
<context>
    <name>ExplainTasks</name>
    <message>
        <source>Opening the model…</source>
        <translation>正在打开模型…</translation>
    </message>
    <message>
        <source>Shuffling each column {repeats} times on {rows} test rows…</source>
        <translation>正在 {rows} 个测试行上将每列打乱 {repeats} 次…</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>&amp;ONNX (.onnx)…</source>
        <translation>&amp;ONNX (.onnx)…</translation>
    </message>
    <message>
        <source>PyTorch &amp;program (.pt2)…</source>
        <translation>PyTorch 程序 (.pt2)(&amp;P)…</translation>
    </message>
    <message>
        <source>PyTorch training &amp;project (folder)…</source>
        <translation>PyTorch 训练项目（文件夹）(&amp;P)…</translation>
    </message>
    <message>
        <source>Show &amp;code (model.py)…</source>
        <translation>显示代码 (model.py)(&amp;C)…</translation>
    </message>
    <message>
        <source>The PyTorch code of this model, one line per layer</source>
        <translation>此模型的 PyTorch 代码，每层一行</translation>
    </message>
    <message>
        <source>&amp;Import Keras code…</source>
        <translation>导入 Keras 代码(&amp;I)…</translation>
    </message>
    <message>
        <source>Turn a Keras Sequential model into a LayerLab model (the code is never run)</source>
        <translation>把 Keras Sequential 模型转换为 LayerLab 模型（代码不会被运行）</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>LayerLab models (*.llmodel)</source>
        <translation>LayerLab 模型 (*.llmodel)</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>还没有数据</translation>
    </message>
    <message>
        <source>Open a CSV and choose a target first: the code needs the input and output widths.</source>
        <translation>请先打开 CSV 并选择目标列：代码需要输入和输出的宽度。</translation>
    </message>
    <message>
        <source>The model cannot be written as code</source>
        <translation>无法把模型写成代码</translation>
    </message>
    <message>
        <source>Import Keras code</source>
        <translation>导入 Keras 代码</translation>
    </message>
    <message>
        <source>Import Keras model</source>
        <translation>导入 Keras 模型</translation>
    </message>
    <message>
        <source>Import Keras training settings</source>
        <translation>导入 Keras 训练设置</translation>
    </message>
    <message>
        <source>Import Keras validation split</source>
        <translation>导入 Keras 验证集划分</translation>
    </message>
    <message>
        <source>Keras code imported</source>
        <translation>已导入 Keras 代码</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>ONNX (.onnx) — runs in onnxruntime, C++, C# and browsers</source>
        <translation>ONNX (.onnx) — 可在 onnxruntime、C++、C# 和浏览器中运行</translation>
    </message>
    <message>
        <source>PyTorch program (.pt2) — torch.export, loads without LayerLab</source>
        <translation>PyTorch 程序 (.pt2) — torch.export，无需 LayerLab 即可加载</translation>
    </message>
    <message>
        <source>PyTorch training project (folder) — model.py, train.py, predict.py</source>
        <translation>PyTorch 训练项目（文件夹）— model.py、train.py、predict.py</translation>
    </message>
    <message>
        <source>The export failed: {error}</source>
        <translation>导出失败：{error}</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Choose a format and where to save it.</source>
        <translation>请选择格式和保存位置。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose where to save the export first.</source>
        <translation>请先选择导出的保存位置。</translation>
    </message>
    <message>
        <source>Exporting and checking the exported model against the LayerLab model…</source>
        <translation>正在导出，并将导出的模型与 LayerLab 模型比对检查…</translation>
    </message>
    <message>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <source>Max difference from the LayerLab model: {difference} (allowed {tolerance})</source>
        <translation>与 LayerLab 模型的最大差异：{difference}（允许 {tolerance}）</translation>
    </message>
    <message>
        <source>Export failed; nothing was saved.</source>
        <translation>导出失败；未保存任何内容。</translation>
    </message>
    <message>
        <source>Folder for the training project</source>
        <translation>训练项目的文件夹</translation>
    </message>
    <message>
        <source>{format} files (*{suffix})</source>
        <translation>{format} 文件 (*{suffix})</translation>
    </message>
    <message>
        <source>The export is still running; it takes a few seconds.</source>
        <translation>导出仍在进行，需要几秒钟。</translation>
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
    <name>FitAdvicePanel</name>
    <message>
        <source>Train a run, or select one in Runs: its losses are read here for overfitting and underfitting.</source>
        <translation>训练一次，或在“训练记录”中选择一次：这里会根据它的损失判断是否过拟合或欠拟合。</translation>
    </message>
    <message>
        <source>Remedy: {change}</source>
        <translation>改进：{change}</translation>
    </message>
    <message>
        <source>Each button starts a new run with exactly the change beside it, once this run has ended:</source>
        <translation>本次训练结束后，每个按钮都会以其旁边所列的改动开始一次新的训练：</translation>
    </message>
    <message>
        <source>Each button starts a new run from this run&apos;s settings with exactly the change beside it:</source>
        <translation>每个按钮都会在本次训练的设置基础上，仅做其旁边所列的改动，开始一次新的训练：</translation>
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
    <name>GapMarker</name>
    <message>
        <source>gap opens · epoch {value:.0f}</source>
        <translation>差距出现 · 第 {value:.0f} 轮</translation>
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
        <source>working out the inputs…</source>
        <translation>正在确定输入…</translation>
    </message>
    <message>
        <source>table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>{rows} rows · 1 feature</source>
        <translation>{rows} 行 · 1 个特征</translation>
    </message>
    <message>
        <source>{rows} rows, 1 feature column</source>
        <translation>{rows} 行，1 个特征列</translation>
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
    <name>ImagesPanel</name>
    <message>
        <source>To train without those rows, tick “Leave out rows whose image can&apos;t be read” in the Images box on the Data page.</source>
        <translation>要在训练时不用这些行，请在“数据”页的“图像”框中勾选“略过图像无法读取的行”。</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Height in pixels every image is resized to</source>
        <translation>每张图像缩放到的高度（像素）</translation>
    </message>
    <message>
        <source>Width in pixels every image is resized to</source>
        <translation>每张图像缩放到的宽度（像素）</translation>
    </message>
    <message>
        <source>From the files</source>
        <translation>按文件尺寸</translation>
    </message>
    <message>
        <source>Use the size of the image files (scaled down to at most 128 pixels on the longer side)</source>
        <translation>使用图像文件的尺寸（长边最多缩小到 128 像素）</translation>
    </message>
    <message>
        <source>Leave out rows whose image can&apos;t be read</source>
        <translation>略过图像无法读取的行</translation>
    </message>
    <message>
        <source>Rows whose image file is missing or can&apos;t be decoded are left out of training, validation and test, and the run says how many. Unticked, the run stops and names them.</source>
        <translation>图像文件缺失或无法解码的行不用于训练、验证和测试，运行时会说明有多少行。不勾选时，运行会停止并列出这些文件。</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>&apos;{column}&apos;: {files}</source>
        <translation>“{column}”：{files}</translation>
    </message>
    <message>
        <source>Files: {files}</source>
        <translation>文件：{files}</translation>
    </message>
    <message>
        <source>Every image is resized to {height}×{width}.</source>
        <translation>每张图像都缩放到 {height}×{width}。</translation>
    </message>
    <message>
        <source>Resize images to {height}×{width}</source>
        <translation>图像缩放到 {height}×{width}</translation>
    </message>
    <message>
        <source>Images at the files&apos; size</source>
        <translation>图像使用文件尺寸</translation>
    </message>
    <message>
        <source>Leave out unreadable images</source>
        <translation>略过无法读取的图像</translation>
    </message>
    <message>
        <source>Stop on unreadable images</source>
        <translation>遇到无法读取的图像时停止</translation>
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
    <name>KerasImportDialog</name>
    <message>
        <source>Import Keras code</source>
        <translation>导入 Keras 代码</translation>
    </message>
    <message>
        <source>Paste a Keras Sequential model (with compile() and fit() if you have them). The code is read, never run.</source>
        <translation>粘贴一个 Keras Sequential 模型（如有 compile() 和 fit() 也一并粘贴）。代码只会被读取，不会被运行。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
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
    <name>LearningRateFinderDialog</name>
    <message>
        <source>Preparing the data…</source>
        <translation>正在准备数据…</translation>
    </message>
    <message>
        <source>Sweeping the learning rate…</source>
        <translation>正在扫描学习率…</translation>
    </message>
    <message>
        <source>Find learning rate</source>
        <translation>寻找学习率</translation>
    </message>
    <message>
        <source>The learning rate grows from 1e-7 to 10 over up to 100 batches on a copy of the model; the loss is smoothed. A good rate is where the loss falls fastest, well before it shoots up.</source>
        <translation>在模型的副本上，学习率在最多 100 批内从 1e-7 增长到 10；损失经过平滑。好的学习率位于损失下降最快之处，远在损失飙升之前。</translation>
    </message>
    <message>
        <source>learning rate (log scale)</source>
        <translation>学习率（对数坐标）</translation>
    </message>
    <message>
        <source>smoothed training loss</source>
        <translation>平滑后的训练损失</translation>
    </message>
    <message>
        <source>Use suggested rate</source>
        <translation>使用建议的学习率</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <source>Can&apos;t run the range test yet: {reason}</source>
        <translation>暂时无法进行学习率范围测试：{reason}</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>The range test failed: {error}</source>
        <translation>学习率范围测试失败：{error}</translation>
    </message>
    <message>
        <source>suggested {rate}</source>
        <translation>建议 {rate}</translation>
    </message>
    <message>
        <source>diverged {rate}</source>
        <translation>发散 {rate}</translation>
    </message>
    <message>
        <source>No suggestion: the sweep had too few batches before the loss stopped falling. Try a smaller batch size.</source>
        <translation>没有建议：损失停止下降之前扫描的批次太少。请尝试更小的批大小。</translation>
    </message>
    <message>
        <source>Use {rate}</source>
        <translation>使用 {rate}</translation>
    </message>
    <message>
        <source>it diverged at {rate}</source>
        <translation>在 {rate} 处发散</translation>
    </message>
    <message>
        <source>it did not diverge within the sweep</source>
        <translation>扫描范围内没有发散</translation>
    </message>
    <message numerus="yes">
        <source>Suggested learning rate: {rate}, where the smoothed loss falls fastest (%n batches with {optimizer}; {where}). The setting is now {current}.</source>
        <translation>
            <numerusform>建议的学习率：{rate}，平滑后的损失在此下降最快（使用 {optimizer} 共 %n 批；{where}）。当前设置为 {current}。</numerusform>
        </translation>
    </message>
    <message>
        <source>The model or the data changed after this sweep: Run again for a suggestion that fits.</source>
        <translation>此次扫描之后模型或数据已更改：请重新运行以获得适用的建议。</translation>
    </message>
    <message>
        <source>Set learning rate {rate} (range test)</source>
        <translation>设置学习率 {rate}（范围测试）</translation>
    </message>
    <message>
        <source>Learning rate set to {rate} (Edit &gt; Undo puts back the previous one).</source>
        <translation>学习率已设为 {rate}（编辑 &gt; 撤销可恢复之前的值）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{name} — LayerLab</source>
        <translation>{name} — LayerLab</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>&amp;Data page</source>
        <translation>数据页(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Model page</source>
        <translation>模型页(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Training page</source>
        <translation>训练页(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Evaluate page</source>
        <translation>评估页(&amp;E)</translation>
    </message>
    <message>
        <source>E&amp;xperiments page</source>
        <translation>实验页(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Export &amp;as</source>
        <translation>导出为(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Templates</source>
        <translation>模板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Cannot use the template</source>
        <translation>无法使用该模板</translation>
    </message>
    <message>
        <source>Use template “{name}”</source>
        <translation>使用模板“{name}”</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
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
    <name>MetricsTable</name>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Most common class</source>
        <translation>最常见类别</translation>
    </message>
    <message>
        <source>Best of this row (higher is better).</source>
        <translation>本行最佳（越高越好）。</translation>
    </message>
    <message>
        <source>Best of this row (lower is better).</source>
        <translation>本行最佳（越低越好）。</translation>
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
        <source>Working out the model&apos;s inputs from the data…</source>
        <translation>正在根据数据确定模型输入…</translation>
    </message>
    <message>
        <source>Shapes and parameter counts follow in a moment: the text columns&apos; vocabulary and the images&apos; size are read from the training rows.</source>
        <translation>形状和参数数量稍后显示：正在从训练集的行中读取文本列的词表和图像的尺寸。</translation>
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
    <name>ParallelCoordinatesPlot</name>
    <message>
        <source>Parallel coordinates (darker = lower val loss)</source>
        <translation>平行坐标（颜色越深，验证损失越低）</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
</context>
<context>
    <name>ParamImportancePlot</name>
    <message>
        <source>Parameter importance</source>
        <translation>参数重要性</translation>
    </message>
</context>
<context>
    <name>Prediction</name>
    <message>
        <source>Could not predict on &apos;{path}&apos;: {error}</source>
        <translation>无法对“{path}”进行预测：{error}</translation>
    </message>
    <message>
        <source>Prediction failed unexpectedly ({kind}: {error}).</source>
        <translation>预测意外失败（{kind}：{error}）。</translation>
    </message>
</context>
<context>
    <name>PredictionDialog</name>
    <message>
        <source>Predictions for {name}</source>
        <translation>{name} 的预测</translation>
    </message>
    <message numerus="yes">
        <source>{count} rows from {name}; prediction columns: {columns}.</source>
        <translation>
            <numerusform>来自 {name} 的 {count} 行；预测列：{columns}。</numerusform>
        </translation>
    </message>
    <message>
        <source>{count} row (row {rows}) had every input empty: its prediction is a guess, marked in the “Check” column.</source>
        <translation>{count} 行（第 {rows} 行）的输入全部为空：其预测只是猜测，已在“检查”列中标出。</translation>
    </message>
    <message>
        <source>{count} rows (row {rows}) had every input empty: their predictions are guesses, marked in the “Check” column.</source>
        <translation>{count} 行（第 {rows} 行）的输入全部为空：这些预测只是猜测，已在“检查”列中标出。</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <source>Save predictions</source>
        <translation>保存预测</translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>CSV the predictions were made for</source>
        <translation>所预测的 CSV</translation>
    </message>
    <message>
        <source>the predictions</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <source>Cannot save the predictions</source>
        <translation>无法保存预测</translation>
    </message>
    <message>
        <source>Could not write &apos;{path}&apos;: {reason}. Choose another folder.</source>
        <translation>无法写入“{path}”：{reason}。请选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>PredictionTableModel</name>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>every input empty</source>
        <translation>输入全部为空</translation>
    </message>
    <message>
        <source>Every input column of this row is empty, so its prediction is only the model&apos;s guess for a blank row. Fill in the row or leave it out.</source>
        <translation>此行的所有输入列都为空，因此它的预测只是模型对空白行的猜测。请填写该行或将其删除。</translation>
    </message>
    <message>
        <source>Every input column of this row is empty: its prediction is a guess.</source>
        <translation>此行的所有输入列都为空：其预测只是猜测。</translation>
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
        <source>Working out the model&apos;s inputs from the data…</source>
        <translation>正在根据数据确定模型输入…</translation>
    </message>
    <message>
        <source>No problems: the model can be built.</source>
        <translation>没有问题：模型可以构建。</translation>
    </message>
</context>
<context>
    <name>ProgressView</name>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Epoch –</source>
        <translation>轮次 –</translation>
    </message>
    <message>
        <source>– samples/s</source>
        <translation>– 样本/秒</translation>
    </message>
    <message>
        <source>Elapsed –</source>
        <translation>已用 –</translation>
    </message>
    <message>
        <source>ETA –</source>
        <translation>剩余 –</translation>
    </message>
    <message>
        <source>Device –</source>
        <translation>设备 –</translation>
    </message>
    <message>
        <source>Device {device} · {path}</source>
        <translation>设备 {device} · {path}</translation>
    </message>
    <message>
        <source>Device {device}</source>
        <translation>设备 {device}</translation>
    </message>
    <message>
        <source>{parameters} parameters · {rows} training rows · batch {batch}</source>
        <translation>{parameters} 个参数 · {rows} 行训练集 · 批大小 {batch}</translation>
    </message>
    <message>
        <source>Training on {device}…</source>
        <translation>正在 {device} 上训练…</translation>
    </message>
    <message>
        <source>The images are read from disk batch by batch ({size} MB decoded: more than fits in memory).</source>
        <translation>图像按批从磁盘读取（解码后 {size} MB：超出内存容量）。</translation>
    </message>
    <message>
        <source>Paused. Resume to carry on, or Stop to keep the best model so far.</source>
        <translation>已暂停。点“继续”接着训练，或点“停止”保留目前最好的模型。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs}</source>
        <translation>轮次 {epoch}/{epochs}</translation>
    </message>
    <message>
        <source>{speed} samples/s</source>
        <translation>{speed} 样本/秒</translation>
    </message>
    <message>
        <source>Elapsed {clock}</source>
        <translation>已用 {clock}</translation>
    </message>
    <message>
        <source>ETA {clock}</source>
        <translation>剩余 {clock}</translation>
    </message>
    <message>
        <source>fast path</source>
        <translation>快速路径</translation>
    </message>
    <message>
        <source>Fast path on: this chain of Dense layers trains with LayerLab&apos;s own hand-written gradients, which is faster than the general path and gives the same results.</source>
        <translation>快速路径已开启：这串 Dense 层使用 LayerLab 自己手写的梯度训练，比通用路径更快，结果相同。</translation>
    </message>
    <message>
        <source>the model has {article} {kind} merge ({node})</source>
        <translation>模型中有一个 {kind} 合并层（{node}）</translation>
    </message>
    <message>
        <source>the model has {article} {kind} layer ({node})</source>
        <translation>模型中有一个 {kind} 层（{node}）</translation>
    </message>
    <message>
        <source>general path</source>
        <translation>通用路径</translation>
    </message>
    <message>
        <source>Fast path off: {reason}; training uses the general path, which is slower but gives the same results.</source>
        <translation>快速路径已关闭：{reason}；训练使用通用路径，速度较慢但结果相同。</translation>
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
        <source>Working out the model&apos;s inputs from the data…</source>
        <translation>正在根据数据确定模型输入…</translation>
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
        <source>e.g. 1,8,8</source>
        <translation>例如 1,8,8</translation>
    </message>
    <message>
        <source>first input of the data</source>
        <translation>数据的第一个输入</translation>
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
    <name>RunsCompareView</name>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来自</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>结构</translation>
    </message>
    <message>
        <source>Best val. loss</source>
        <translation>最佳验证损失</translation>
    </message>
    <message>
        <source>Test score</source>
        <translation>测试集得分</translation>
    </message>
    <message>
        <source>Ended because</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>不同之处</translation>
    </message>
    <message>
        <source>First</source>
        <translation>第一个</translation>
    </message>
    <message>
        <source>Second</source>
        <translation>第二个</translation>
    </message>
    <message>
        <source>setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Every run&apos;s settings and scores; &apos;Changed&apos; is what it changed from the run in &apos;From&apos;.</source>
        <translation>每次训练的设置和得分；“改动”是它相对于“来自”那次训练所做的改动。</translation>
    </message>
    <message>
        <source>Diff</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>vs</source>
        <translation>与</translation>
    </message>
    <message>
        <source>Train two runs to compare them.</source>
        <translation>训练两次之后即可比较。</translation>
    </message>
    <message>
        <source>{first} and {second}: the same run.</source>
        <translation>{first} 与 {second}：是同一次训练。</translation>
    </message>
    <message>
        <source>{first} and {second}: the same settings and model.</source>
        <translation>{first} 与 {second}：设置和模型相同。</translation>
    </message>
</context>
<context>
    <name>RunsList</name>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Ended because</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Test score</source>
        <translation>测试集得分</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Run {number}</source>
        <translation>第 {number} 次训练</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>进行中…</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Select a run to show it and to continue it; tick runs to overlay their curves.</source>
        <translation>选择一次训练以显示并继续它；勾选多次训练可叠加显示它们的曲线。</translation>
    </message>
    <message>
        <source>This run is under way; it can be compared and continued when it ends.</source>
        <translation>这次训练正在进行；结束后即可比较和继续。</translation>
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
    <name>SweepSpaceEditor</name>
    <message>
        <source>Parameter</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>下限</translation>
    </message>
    <message>
        <source>High</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>对数</translation>
    </message>
    <message>
        <source>Choices (comma-separated)</source>
        <translation>候选值（逗号分隔）</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Step size (epochs)</source>
        <translation>步长（轮）</translation>
    </message>
    <message>
        <source>Decay factor (gamma)</source>
        <translation>衰减系数（gamma）</translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation>早停耐心值</translation>
    </message>
    <message>
        <source>Minimum improvement</source>
        <translation>最小改进</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Add parameter</source>
        <translation>添加参数</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>{field} (not in this model)</source>
        <translation>{field}（不在此模型中）</translation>
    </message>
    <message>
        <source>or a range</source>
        <translation>或一个范围</translation>
    </message>
    <message>
        <source>Sweep {field}</source>
        <translation>搜索 {field}</translation>
    </message>
    <message>
        <source>Stop sweeping {field}</source>
        <translation>不再搜索 {field}</translation>
    </message>
    <message>
        <source>Change the low end of {field}</source>
        <translation>更改 {field} 的下限</translation>
    </message>
    <message>
        <source>Change the high end of {field}</source>
        <translation>更改 {field} 的上限</translation>
    </message>
    <message>
        <source>Change the log scale of {field}</source>
        <translation>更改 {field} 的对数刻度</translation>
    </message>
    <message>
        <source>Change the choices of {field}</source>
        <translation>更改 {field} 的候选值</translation>
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
        <source>Network: {shapes} → {outputs} output</source>
        <translation>网络：{shapes} → {outputs} 个输出</translation>
    </message>
    <message>
        <source>Network: {shapes} → {outputs} outputs</source>
        <translation>网络：{shapes} → {outputs} 个输出</translation>
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
<context>
    <name>TextExamplesView</name>
    <message>
        <source>Opening the model…</source>
        <translation>正在打开模型…</translation>
    </message>
    <message>
        <source>Leaving out each word of the texts in turn…</source>
        <translation>正在逐个去掉文本中的每个词…</translation>
    </message>
    <message>
        <source>Cannot weigh the words: {reason}</source>
        <translation>无法衡量各个词的作用：{reason}</translation>
    </message>
    <message>
        <source>Each word is coloured by how it swayed the model towards the class it predicted: &lt;span style=&apos;background-color:{towards}&apos;&gt;&amp;nbsp;blue: for it&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background-color:{against}&apos;&gt;&amp;nbsp;red: against it&amp;nbsp;&lt;/span&gt;; the stronger the colour, the more the odds change when the word is left out. Hover a word for its numbers; greyed text is past the length the model reads.</source>
        <translation>每个词的颜色表示它如何影响模型得出所预测的类别：&lt;span style=&apos;background-color:{towards}&apos;&gt;&amp;nbsp;蓝色：支持该类别&amp;nbsp;&lt;/span&gt; &lt;span style=&apos;background-color:{against}&apos;&gt;&amp;nbsp;红色：反对该类别&amp;nbsp;&lt;/span&gt;；颜色越深，去掉这个词时几率变化越大。将鼠标悬停在词上可查看数值；灰色文字超出了模型读取的长度。</translation>
    </message>
    <message>
        <source>{number}. true &lt;b&gt;{truth}&lt;/b&gt; · predicted &lt;b{colour}&gt;{predicted}&lt;/b&gt; · P(true) {p_true}</source>
        <translation>{number}. 真实 &lt;b&gt;{truth}&lt;/b&gt; · 预测 &lt;b{colour}&gt;{predicted}&lt;/b&gt; · P(真实) {p_true}</translation>
    </message>
    <message>
        <source>“{word}”: without it, P({predicted}) would be {without} instead of {now} ({change:+.2f} log-odds).</source>
        <translation>“{word}”：去掉它后，P({predicted}) 将是 {without}，而不是 {now}（对数几率 {change:+.2f}）。</translation>
    </message>
</context>
<context>
    <name>ThresholdPanel</name>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1 score</source>
        <translation>F1 分数</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Rows whose probability of the positive class reaches the threshold are predicted positive.</source>
        <translation>正类概率达到阈值的行被预测为正类。</translation>
    </message>
    <message>
        <source>Best F1</source>
        <translation>最佳 F1</translation>
    </message>
    <message>
        <source>The threshold with the highest F1 score on the test rows</source>
        <translation>在测试集上 F1 分数最高的阈值</translation>
    </message>
    <message>
        <source>The usual threshold: the more likely class</source>
        <translation>常用阈值：取可能性更大的类别</translation>
    </message>
    <message>
        <source>Keep for this model</source>
        <translation>用于此模型</translation>
    </message>
    <message>
        <source>Store the threshold in the run&apos;s model file: Predict, layerlab predict and the exports use it</source>
        <translation>把阈值保存到这次训练的模型文件中：预测、layerlab predict 和导出都会使用它</translation>
    </message>
    <message>
        <source>Decision threshold</source>
        <translation>决策阈值</translation>
    </message>
    <message>
        <source>At this threshold (test rows)</source>
        <translation>在此阈值下（测试集）</translation>
    </message>
    <message>
        <source>Confusion matrix at this threshold</source>
        <translation>此阈值下的混淆矩阵</translation>
    </message>
    <message>
        <source>ROC and precision-recall</source>
        <translation>ROC 与精确率-召回率</translation>
    </message>
    <message>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Best F1 ({threshold})</source>
        <translation>最佳 F1（{threshold}）</translation>
    </message>
    <message>
        <source>{predicted} of {count} test rows predicted {name}</source>
        <translation>{count} 个测试行中有 {predicted} 个被预测为 {name}</translation>
    </message>
    <message>
        <source> (a sample of the test rows)</source>
        <translation>（测试集的一个样本）</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负类</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正类</translation>
    </message>
    <message>
        <source>Storing the threshold {threshold} in the model…</source>
        <translation>正在把阈值 {threshold} 保存到模型中…</translation>
    </message>
    <message>
        <source>The model predicts {name} from a probability of {stored} on; Predict, layerlab predict and the exports use this threshold.</source>
        <translation>概率达到 {stored} 起，模型预测为 {name}；预测、layerlab predict 和导出都使用此阈值。</translation>
    </message>
    <message>
        <source>Trying {threshold}; the model still uses {stored} until you press Keep for this model.</source>
        <translation>正在尝试 {threshold}；在你点击“用于此模型”之前，模型仍使用 {stored}。</translation>
    </message>
    <message>
        <source>Cannot keep the threshold</source>
        <translation>无法保存阈值</translation>
    </message>
    <message>
        <source>The threshold could not be stored in the model file: {detail}</source>
        <translation>无法把阈值保存到模型文件中：{detail}</translation>
    </message>
</context>
<context>
    <name>TimeSeriesPanel</name>
    <message>
        <source>Forecast</source>
        <translation>时间序列预测</translation>
    </message>
    <message>
        <source>A time column turns the prediction into a forecast: the rows in time order, windows of history predict the target ahead</source>
        <translation>时间列把预测变为时间序列预测：各行按时间排序，用历史窗口预测之后的目标值</translation>
    </message>
    <message>
        <source>Rows of history each prediction sees</source>
        <translation>每次预测看到的历史行数</translation>
    </message>
    <message>
        <source>How many rows ahead the target is predicted</source>
        <translation>预测目标值的超前行数</translation>
    </message>
    <message>
        <source>Lookback</source>
        <translation>回看行数</translation>
    </message>
    <message>
        <source>Horizon</source>
        <translation>预测步数</translation>
    </message>
    <message>
        <source>Time column</source>
        <translation>时间列</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>none (rows without order)</source>
        <translation>无（各行无顺序）</translation>
    </message>
    <message>
        <source>Rows are independent examples (no forecast).</source>
        <translation>各行是相互独立的样本（不做时间序列预测）。</translation>
    </message>
    <message>
        <source>One row every {step}: {lookback} rows of history predict the target {horizon} row(s) ahead.</source>
        <translation>每 {step} 一行：用 {lookback} 行历史预测 {horizon} 行之后的目标值。</translation>
    </message>
    <message>
        <source>Forecast along &apos;{column}&apos;</source>
        <translation>沿“{column}”做时间序列预测</translation>
    </message>
    <message>
        <source>No time column</source>
        <translation>不使用时间列</translation>
    </message>
    <message>
        <source>Set lookback {lookback}, horizon {horizon}</source>
        <translation>设置回看行数 {lookback}、预测步数 {horizon}</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause the run; Resume (F6 again) carries on from the same batch (F6)</source>
        <translation>暂停训练；“继续”（再按 F6）从同一批接着训练（F6）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current batch and keep the best model so far (Esc)</source>
        <translation>在当前批次之后停止，并保留目前最好的模型（Esc）</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Find learning rate…</source>
        <translation>寻找学习率…</translation>
    </message>
    <message>
        <source>Sweep the learning rate on a copy of the model and suggest one (the learning-rate range test)</source>
        <translation>在模型的副本上扫描学习率并给出建议（学习率范围测试）</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <source>How many epochs Continue training adds to the selected run</source>
        <translation>“继续训练”为所选训练增加的轮数</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Fit advice</source>
        <translation>拟合建议</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较训练</translation>
    </message>
    <message>
        <source>Starting {run} with {change}…</source>
        <translation>正在开始{run}，改动：{change}…</translation>
    </message>
    <message>
        <source>Starting {run}…</source>
        <translation>正在开始{run}…</translation>
    </message>
    <message numerus="yes">
        <source>Continuing {run} to %n epochs…</source>
        <translation>
            <numerusform>正在将{run}继续训练到 %n 轮…</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the current batch…</source>
        <translation>将在当前批次之后停止…</translation>
    </message>
    <message>
        <source>Reading the image files: {done} of {total}…</source>
        <translation>正在读取图像文件：{done} / {total}…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Out of GPU memory</source>
        <translation>GPU 显存不足</translation>
    </message>
    <message>
        <source>Batch size {size} (out of GPU memory)</source>
        <translation>批大小 {size}（GPU 显存不足）</translation>
    </message>
    <message>
        <source>Train the model (F5)</source>
        <translation>训练模型（F5）</translation>
    </message>
    <message>
        <source>Can&apos;t train: {reason}</source>
        <translation>无法训练：{reason}</translation>
    </message>
    <message>
        <source>Can&apos;t train yet: {reason}</source>
        <translation>暂时无法训练：{reason}</translation>
    </message>
    <message>
        <source>Train {run} for more epochs from its checkpoint</source>
        <translation>从检查点起将{run}再训练更多轮</translation>
    </message>
    <message>
        <source>Select a finished run whose checkpoint still exists</source>
        <translation>请选择一次已结束且检查点仍在的训练</translation>
    </message>
    <message>
        <source>Fit advice: overfitting</source>
        <translation>拟合建议：过拟合</translation>
    </message>
    <message>
        <source>Fit advice: underfitting</source>
        <translation>拟合建议：欠拟合</translation>
    </message>
    <message>
        <source> Kept the best weights (epoch {epoch}).</source>
        <translation> 已保留最佳权重（第 {epoch} 轮）。</translation>
    </message>
    <message>
        <source>{run}: {message} Test {score}. Saved {file}.</source>
        <translation>{run}：{message} 测试集 {score}。已保存 {file}。</translation>
    </message>
    <message>
        <source>{run} predicted &apos;{target}&apos;, the data now targets &apos;{now}&apos;: train a new run instead.</source>
        <translation>{run}预测的是“{target}”，而数据现在的目标列是“{now}”：请改为开始一次新的训练。</translation>
    </message>
</context>
<context>
    <name>TrainingRun</name>
    <message>
        <source>The training process ended unexpectedly (exit code {code}). Your project is unchanged; press Train to start again.</source>
        <translation>训练进程意外结束（退出码 {code}）。你的项目没有改变；按“训练”重新开始。</translation>
    </message>
    <message>
        <source>Training failed unexpectedly ({summary}). The details were written to {log}; your project is unchanged.</source>
        <translation>训练意外失败（{summary}）。详细信息已写入 {log}；你的项目没有改变。</translation>
    </message>
    <message>
        <source>Training failed unexpectedly ({summary}). The details are in the log; your project is unchanged.</source>
        <translation>训练意外失败（{summary}）。详细信息在日志中；你的项目没有改变。</translation>
    </message>
    <message>
        <source> at batch size {size}</source>
        <translation>（批大小为 {size} 时）</translation>
    </message>
    <message>
        <source> (e.g. {size})</source>
        <translation>（例如 {size}）</translation>
    </message>
    <message>
        <source>The GPU ran out of memory{at}. Try a smaller batch size{smaller}, a smaller model, or close other programs that use the GPU. Your project is unchanged.</source>
        <translation>GPU 显存不足{at}。请尝试更小的批大小{smaller}、更小的模型，或关闭其他使用 GPU 的程序。你的项目没有改变。</translation>
    </message>
</context>
<context>
    <name>TrainingSettingsForm</name>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Cosine annealing</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>单周期（One-cycle）</translation>
    </message>
    <message>
        <source>Reduce on plateau</source>
        <translation>平台期降低</translation>
    </message>
    <message>
        <source>Full (float32)</source>
        <translation>全精度（float32）</translation>
    </message>
    <message>
        <source>Mixed bfloat16</source>
        <translation>混合 bfloat16</translation>
    </message>
    <message>
        <source>Mixed float16</source>
        <translation>混合 float16</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Weigh the loss per class so that a rare class counts more. Balanced: rows / (classes × rows of the class), from the training rows.</source>
        <translation>按类别给损失加权，使少见的类别更受重视。均衡：行数 / (类别数 × 该类别的行数)，按训练集的行计算。</translation>
    </message>
    <message>
        <source>Set epochs</source>
        <translation>设置轮数</translation>
    </message>
    <message>
        <source>Passes over the training rows.</source>
        <translation>遍历训练集的次数。</translation>
    </message>
    <message>
        <source>Set batch size</source>
        <translation>设置批大小</translation>
    </message>
    <message>
        <source>Rows per optimiser step.</source>
        <translation>优化器每一步使用的行数。</translation>
    </message>
    <message>
        <source>Set seed</source>
        <translation>设置种子</translation>
    </message>
    <message>
        <source>Same seed, same run: weights, shuffling, dropout.</source>
        <translation>种子相同，训练就相同：权重、打乱顺序、随机失活。</translation>
    </message>
    <message>
        <source>Set optimizer</source>
        <translation>设置优化器</translation>
    </message>
    <message>
        <source>Step size of the optimiser. Arrows step 1-2-5 per decade; type any value.</source>
        <translation>优化器的步长。箭头按每个数量级 1-2-5 调整；也可输入任意值。</translation>
    </message>
    <message>
        <source>Set learning rate</source>
        <translation>设置学习率</translation>
    </message>
    <message>
        <source>Set momentum</source>
        <translation>设置动量</translation>
    </message>
    <message>
        <source>SGD momentum.</source>
        <translation>SGD 的动量。</translation>
    </message>
    <message>
        <source>Set weight decay</source>
        <translation>设置权重衰减</translation>
    </message>
    <message>
        <source>L2 penalty on the weights (0 = none).</source>
        <translation>对权重的 L2 惩罚（0 = 无）。</translation>
    </message>
    <message>
        <source>Set LR schedule</source>
        <translation>设置学习率调度</translation>
    </message>
    <message>
        <source>Set step size</source>
        <translation>设置步长</translation>
    </message>
    <message>
        <source>Epochs between learning-rate drops.</source>
        <translation>两次降低学习率之间的轮数。</translation>
    </message>
    <message>
        <source>Set decay factor</source>
        <translation>设置衰减系数</translation>
    </message>
    <message>
        <source>Factor the learning rate is multiplied by at each drop.</source>
        <translation>每次降低时学习率所乘的系数。</translation>
    </message>
    <message>
        <source>Stop when validation loss stops improving</source>
        <translation>验证损失不再改善时停止</translation>
    </message>
    <message>
        <source>Toggle early stopping</source>
        <translation>切换早停</translation>
    </message>
    <message>
        <source>Set patience</source>
        <translation>设置耐心值</translation>
    </message>
    <message>
        <source>Epochs without improvement before stopping.</source>
        <translation>停止前允许没有改善的轮数。</translation>
    </message>
    <message>
        <source>Set min delta</source>
        <translation>设置最小改善量</translation>
    </message>
    <message>
        <source>Smallest decrease of validation loss that counts as an improvement.</source>
        <translation>验证损失至少下降多少才算改善。</translation>
    </message>
    <message>
        <source>Keep the best epoch&apos;s weights</source>
        <translation>保留最佳轮次的权重</translation>
    </message>
    <message>
        <source>Toggle restore best</source>
        <translation>切换恢复最佳权重</translation>
    </message>
    <message>
        <source>Stop below</source>
        <translation>低于此值停止</translation>
    </message>
    <message>
        <source>Where the network trains. Auto picks CUDA, then Apple MPS, then the CPU.</source>
        <translation>网络在哪里训练。“自动”依次选择 CUDA、Apple MPS、CPU。</translation>
    </message>
    <message>
        <source>Set device</source>
        <translation>设置设备</translation>
    </message>
    <message>
        <source>Set precision</source>
        <translation>设置数值精度</translation>
    </message>
    <message>
        <source>Mixed precision speeds up training on CUDA GPUs only.</source>
        <translation>混合精度只在 CUDA GPU 上加快训练。</translation>
    </message>
    <message>
        <source>one weight per class, e.g. no=1, yes=3</source>
        <translation>每个类别一个权重，例如 no=1, yes=3</translation>
    </message>
    <message>
        <source>CLASS=WEIGHT pairs separated by commas; classes left out weigh 1.</source>
        <translation>用逗号分隔的 类别=权重 对；未列出的类别权重为 1。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Class weights</source>
        <translation>类别权重</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Step size</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>Decay factor</source>
        <translation>衰减系数</translation>
    </message>
    <message>
        <source>Stopping</source>
        <translation>停止条件</translation>
    </message>
    <message>
        <source>Patience</source>
        <translation>耐心值</translation>
    </message>
    <message>
        <source>Min delta</source>
        <translation>最小改善量</translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation>硬件</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>数值精度</translation>
    </message>
    <message>
        <source>Type one weight per class, such as no=1, yes=3.</source>
        <translation>请为每个类别输入一个权重，例如 no=1, yes=3。</translation>
    </message>
    <message>
        <source>Set class weights</source>
        <translation>设置类别权重</translation>
    </message>
    <message>
        <source>Set loss threshold</source>
        <translation>设置损失阈值</translation>
    </message>
    <message>
        <source>Remove loss threshold</source>
        <translation>移除损失阈值</translation>
    </message>
    <message>
        <source> A numeric target has no classes to weigh.</source>
        <translation> 数值目标列没有可加权的类别。</translation>
    </message>
    <message>
        <source> (no CUDA device selected)</source>
        <translation>（未选择 CUDA 设备）</translation>
    </message>
    <message>
        <source>Auto (best available)</source>
        <translation>自动（最佳可用）</translation>
    </message>
    <message>
        <source>{device} (not present here)</source>
        <translation>{device}（本机没有）</translation>
    </message>
    <message>
        <source>Looking for GPUs…</source>
        <translation>正在查找 GPU…</translation>
    </message>
    <message>
        <source>Training runs on the CPU: {reason}.</source>
        <translation>训练在 CPU 上进行：{reason}。</translation>
    </message>
    <message>
        <source>the device list could not be read</source>
        <translation>无法读取设备列表</translation>
    </message>
</context>
<context>
    <name>TrialsTable</name>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Pruned</source>
        <translation>剪枝</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>已剪枝</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>after epoch {epoch}</source>
        <translation>第 {epoch} 轮后</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <source>Share of test rows classified correctly (higher is better).</source>
        <translation>测试集中分类正确的行所占比例（越高越好）。</translation>
    </message>
    <message>
        <source>Of the rows predicted positive, the share that are (higher is better; macro mean for several classes).</source>
        <translation>在预测为正类的行中，真正为正类的比例（越高越好；多个类别时取宏平均）。</translation>
    </message>
    <message>
        <source>Of the truly positive rows, the share found (higher is better; macro mean for several classes).</source>
        <translation>在真正为正类的行中，被找出的比例（越高越好；多个类别时取宏平均）。</translation>
    </message>
    <message>
        <source>Harmonic mean of precision and recall (higher is better).</source>
        <translation>精确率与召回率的调和平均（越高越好）。</translation>
    </message>
    <message>
        <source>Chance that a random positive row scores above a random negative one (50 % = guessing, 100 % = perfect).</source>
        <translation>随机一个正类行的得分高于随机一个负类行的概率（50 % = 随机猜测，100 % = 完美）。</translation>
    </message>
    <message>
        <source>Cross-entropy of the predicted probabilities (lower is better).</source>
        <translation>预测概率的交叉熵（越低越好）。</translation>
    </message>
    <message>
        <source>Root mean squared error, in the target&apos;s units (lower is better).</source>
        <translation>均方根误差，以目标列的单位计（越低越好）。</translation>
    </message>
    <message>
        <source>Mean absolute error, in the target&apos;s units (lower is better).</source>
        <translation>平均绝对误差，以目标列的单位计（越低越好）。</translation>
    </message>
    <message>
        <source>Share of the target&apos;s variance explained (1 = perfect, 0 = predicting the mean).</source>
        <translation>目标列方差被解释的比例（1 = 完美，0 = 只预测平均值）。</translation>
    </message>
    <message>
        <source>the linear baseline</source>
        <translation>线性基线</translation>
    </message>
    <message>
        <source>This run has no test metrics (it ended before a model was scored).</source>
        <translation>这次训练没有测试集指标（它在模型评分之前就结束了）。</translation>
    </message>
    <message>
        <source>No baseline to compare with ({note}).</source>
        <translation>没有可比较的基线（{note}）。</translation>
    </message>
    <message>
        <source>No baseline to compare with.</source>
        <translation>没有可比较的基线。</translation>
    </message>
    <message>
        <source>The network beats {name} by {points} accuracy points ({net} vs {base}): it earns its complexity.</source>
        <translation>网络比{name}高 {points} 个准确率百分点（{net} 对 {base}）：它的复杂度是值得的。</translation>
    </message>
    <message>
        <source>The network does not beat {name} (within {tie} accuracy points: {net} vs {base}): prefer the simpler model or regularise.</source>
        <translation>网络没有胜过{name}（相差在 {tie} 个准确率百分点以内：{net} 对 {base}）：建议使用更简单的模型或加正则化。</translation>
    </message>
    <message>
        <source>The network does not beat {name}: it is {points} accuracy points behind ({net} vs {base}): prefer the simpler model or regularise.</source>
        <translation>网络没有胜过{name}：落后 {points} 个准确率百分点（{net} 对 {base}）：建议使用更简单的模型或加正则化。</translation>
    </message>
    <message>
        <source> It is no better than always predicting the most common class ({share}).</source>
        <translation>它并不比总是预测最常见类别（{share}）更好。</translation>
    </message>
    <message>
        <source>{Name} fits the test part exactly; nothing to beat.</source>
        <translation>{Name}完全拟合了测试集；没有可超越的空间。</translation>
    </message>
    <message>
        <source>The network&apos;s RMSE is {percent} % lower than {name}&apos;s ({net} vs {base}): it earns its complexity.</source>
        <translation>网络的 RMSE 比{name}低 {percent} %（{net} 对 {base}）：它的复杂度是值得的。</translation>
    </message>
    <message>
        <source>The network does not beat {name} (RMSE {net} vs {base}): prefer the simpler model or regularise.</source>
        <translation>网络没有胜过{name}（RMSE {net} 对 {base}）：建议使用更简单的模型或加正则化。</translation>
    </message>
    <message>
        <source>Run {number}</source>
        <translation>第 {number} 次训练</translation>
    </message>
    <message>
        <source>{count} epochs</source>
        <translation>{count} 轮</translation>
    </message>
    <message>
        <source> — {task} on “{target}”</source>
        <translation> — 对“{target}”的{task}</translation>
    </message>
    <message>
        <source>, {count} test rows</source>
        <translation>，{count} 个测试行</translation>
    </message>
    <message>
        <source>Epochs run: {epochs}</source>
        <translation>已训练轮次：{epochs}</translation>
    </message>
    <message>
        <source> (best weights from epoch {best})</source>
        <translation>（最佳权重来自第 {best} 轮）</translation>
    </message>
    <message>
        <source>Training time: {seconds} s</source>
        <translation>训练时间：{seconds} 秒</translation>
    </message>
    <message>
        <source> on {device}</source>
        <translation>，在 {device} 上</translation>
    </message>
    <message>
        <source>Optimizer {optimizer}, learning rate {rate}, batch size {batch}</source>
        <translation>优化器 {optimizer}，学习率 {rate}，批大小 {batch}</translation>
    </message>
    <message>
        <source>Hidden layers: {count}</source>
        <translation>隐藏层：{count}</translation>
    </message>
    <message>
        <source>Baseline: {name}, fitted on the same training rows and scored on the same test rows.</source>
        <translation>基线：{name}，在相同的训练集上拟合，在相同的测试集上评分。</translation>
    </message>
</context>
<context>
    <name>Warmup</name>
    <message>
        <source>Looking for a GPU</source>
        <translation>正在查找 GPU</translation>
    </message>
    <message>
        <source>Starting the training process</source>
        <translation>正在启动训练进程</translation>
    </message>
    <message>
        <source>Loading the training stack</source>
        <translation>正在加载训练组件</translation>
    </message>
</context>
<context>
    <name>WhatIfForm</name>
    <message>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
</TS>
