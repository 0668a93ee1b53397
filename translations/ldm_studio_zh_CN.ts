<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ldm::ui::BrushSizeRow</name>
    <message>
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Brush diameter in pixels of the picture ([ and ] change it)</source>
        <translation>画笔直径，以图像像素计（[ 和 ] 可调整）</translation>
    </message>
    <message>
        <source>Brush si&amp;ze:</source>
        <translation>画笔大小(&amp;Z)：</translation>
    </message>
</context>
<context>
    <name>ldm::ui::CompareView</name>
    <message>
        <source>Before and after comparison</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>Open or drop a low-resolution image</source>
        <translation>打开或拖入一张低分辨率图像</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
</context>
<context>
    <name>ldm::ui::HistoryPanel</name>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Prompt: %1</source>
        <translation>提示词：%1</translation>
    </message>
    <message>
        <source>Negative prompt: %1</source>
        <translation>反向提示词：%1</translation>
    </message>
    <message>
        <source>Task: %1, %2×%3, %4 steps, sampler %5%6, CFG %7, seed %8</source>
        <translation>任务：%1，%2×%3，%4 步，采样器 %5%6，CFG %7，种子 %8</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>模型：%1</translation>
    </message>
    <message>
        <source>Time: %1 s</source>
        <translation>用时：%1 秒</translation>
    </message>
    <message>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
    <message>
        <source>Save image</source>
        <translation>保存图像</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Send to</source>
        <translation>发送到</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Open the output folder</source>
        <translation>打开输出文件夹</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>Open output f&amp;older</source>
        <translation>打开输出文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Send to</source>
        <translation>发送到(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Restore parameters</source>
        <translation>恢复参数(&amp;R)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove from history</source>
        <translation>从历史记录中移除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete (move to trash)</source>
        <translation>删除（移到回收站）(&amp;D)</translation>
    </message>
    <message>
        <source>Cannot move %1 to the trash.</source>
        <translation>无法将 %1 移到回收站。</translation>
    </message>
    <message>
        <source>Moved %1 to the trash</source>
        <translation>已将 %1 移到回收站</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
</context>
<context>
    <name>ldm::ui::Img2ImgPanel</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Open the picture to start from (or drop it on the window, or paste it with Ctrl+V)</source>
        <translation>打开作为起点的图像（或将其拖到窗口上，或用 Ctrl+V 粘贴）</translation>
    </message>
    <message>
        <source>Paste image</source>
        <translation>粘贴图像</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Use the picture on the clipboard (Ctrl+V)</source>
        <translation>使用剪贴板中的图像 (Ctrl+V)</translation>
    </message>
    <message>
        <source>P&amp;rompt:</source>
        <translation>提示词(&amp;R)：</translation>
    </message>
    <message>
        <source>What the picture should become (Ctrl+Enter generates)</source>
        <translation>图像应变成什么（Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>反向提示词(&amp;N)：</translation>
    </message>
    <message>
        <source>Denoising strength</source>
        <translation>去噪强度</translation>
    </message>
    <message>
        <source>How much of the picture is redrawn: low keeps the init image, 1 ignores it. Also the share of the steps that run.</source>
        <translation>重绘图像的程度：低值保留初始图像，1 则忽略它。也是实际运行的步数比例。</translation>
    </message>
    <message>
        <source>S&amp;trength:</source>
        <translation>强度(&amp;T)：</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>生成 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Init image</source>
        <translation>初始图像</translation>
    </message>
    <message>
        <source>The picture appears here while it is made.</source>
        <translation>生成过程中图像显示在这里。</translation>
    </message>
    <message>
        <source>Init image %1×%2 px; the picture is made at the Size below.</source>
        <translation>初始图像 %1×%2 像素；图像按下方的尺寸生成。</translation>
    </message>
    <message>
        <source>The reopened picture was made from an init image that its file does not hold: open, drop or paste that image again.</source>
        <translation>重新打开的图像由一张初始图像生成，但文件中不包含它：请重新打开、拖入或粘贴该图像。</translation>
    </message>
    <message>
        <source>Open, drop or paste (Ctrl+V) the picture to start from.</source>
        <translation>打开、拖入或粘贴 (Ctrl+V) 作为起点的图像。</translation>
    </message>
    <message>
        <source>Init image · %1×%2</source>
        <translation>初始图像 · %1×%2</translation>
    </message>
    <message>
        <source>The clipboard holds no picture: copy one, or open the init image with Open image.</source>
        <translation>剪贴板中没有图像：请复制一张，或用“打开图像”打开初始图像。</translation>
    </message>
    <message>
        <source>Open, drop or paste the init image again: the reopened picture does not hold it.</source>
        <translation>请重新打开、拖入或粘贴初始图像：重新打开的图像不包含它。</translation>
    </message>
    <message>
        <source>Open, drop or paste an init image first.</source>
        <translation>请先打开、拖入或粘贴一张初始图像。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::InpaintPanel</name>
    <message>
        <source>Mask tools</source>
        <translation>蒙版工具</translation>
    </message>
    <message>
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <source>Load mask…</source>
        <translation>加载蒙版…</translation>
    </message>
    <message>
        <source>Save mask…</source>
        <translation>保存蒙版…</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>画笔 (B)</translation>
    </message>
    <message>
        <source>Eraser (E)</source>
        <translation>橡皮擦 (E)</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>反转蒙版</translation>
    </message>
    <message>
        <source>Brush softness</source>
        <translation>画笔柔和度</translation>
    </message>
    <message>
        <source>So&amp;ftness:</source>
        <translation>柔和度(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Prompt (text-conditioned models only):</source>
        <translation>提示词(&amp;P)（仅限文本条件模型）：</translation>
    </message>
    <message>
        <source>&amp;Inpaint</source>
        <translation>局部重绘(&amp;I)</translation>
    </message>
    <message>
        <source>Repaint the masked area (Ctrl+Enter)</source>
        <translation>重绘蒙版区域 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>The inpainted image appears here.</source>
        <translation>重绘后的图像显示在这里。</translation>
    </message>
    <message>
        <source>Open an image before loading a mask.</source>
        <translation>请先打开图像，再加载蒙版。</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>加载蒙版</translation>
    </message>
    <message>
        <source>The mask is %1×%2 but the image is %3×%4: use a mask of the image&apos;s size.</source>
        <translation>蒙版为 %1×%2，而图像为 %3×%4：请使用与图像尺寸相同的蒙版。</translation>
    </message>
    <message>
        <source>Save mask</source>
        <translation>保存蒙版</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Open or drop an image to inpaint first.</source>
        <translation>请先打开或拖入要重绘的图像。</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>E&amp;xtend canvas (outpainting)</source>
        <translation>扩展画布（外绘）(&amp;X)</translation>
    </message>
    <message>
        <source>Grow the picture by these many pixels on each side; the new area is painted by the model. With a margin, a painted mask is optional.</source>
        <translation>在每一侧将图像扩展这么多像素；新区域由模型绘制。设置了边距时，绘制蒙版是可选的。</translation>
    </message>
    <message>
        <source>Extend left</source>
        <translation>向左扩展</translation>
    </message>
    <message>
        <source>Extend top</source>
        <translation>向上扩展</translation>
    </message>
    <message>
        <source>Extend right</source>
        <translation>向右扩展</translation>
    </message>
    <message>
        <source>Extend bottom</source>
        <translation>向下扩展</translation>
    </message>
    <message>
        <source>%1 (pixels; the arrows add the model&apos;s size multiple)</source>
        <translation>%1（像素；箭头按模型的尺寸倍数增减）</translation>
    </message>
    <message>
        <source>No margins</source>
        <translation>无边距</translation>
    </message>
    <message>
        <source>Set every margin to 0 (inpaint inside the picture only)</source>
        <translation>将所有边距设为 0（仅在图像内部重绘）</translation>
    </message>
    <message>
        <source>No margins: the picture keeps its size.</source>
        <translation>无边距：图像保持原尺寸。</translation>
    </message>
    <message>
        <source>Open a picture to extend.</source>
        <translation>打开要扩展的图像。</translation>
    </message>
    <message>
        <source>Result: %1 × %2</source>
        <translation>结果：%1 × %2</translation>
    </message>
    <message>
        <source>(margins %1, %2, %3, %4: rounded to multiples of %5)</source>
        <translation>（边距 %1、%2、%3、%4：取整为 %5 的倍数）</translation>
    </message>
    <message>
        <source>Paint the area to repaint with the brush first (the mask is empty), or extend the canvas.</source>
        <translation>请先用画笔涂出要重绘的区域（蒙版为空），或扩展画布。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LabelCanvas</name>
    <message>
        <source>Label map</source>
        <translation>标签图</translation>
    </message>
    <message>
        <source>Replace the label map</source>
        <translation>替换标签图</translation>
    </message>
    <message>
        <source>Resize the label map</source>
        <translation>调整标签图大小</translation>
    </message>
    <message>
        <source>Paint</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Fill a rectangle</source>
        <translation>填充矩形</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Paint the labels: left button paints (or fills), right button picks the label under the cursor. Wheel: zoom; middle button or Space + drag: pan; Ctrl+0: fit.</source>
        <translation>绘制标签：左键绘制（或填充），右键拾取光标下的标签。滚轮：缩放；中键或空格 + 拖动：平移；Ctrl+0：适应窗口。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutBoxModel</name>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>“%1” is not a class of this model: pick one from the list.</source>
        <translation>“%1”不是此模型的类别：请从列表中选择一个。</translation>
    </message>
    <message>
        <source>Add box</source>
        <translation>添加边界框</translation>
    </message>
    <message>
        <source>Remove box</source>
        <translation>删除边界框</translation>
    </message>
    <message>
        <source>Move box</source>
        <translation>移动边界框</translation>
    </message>
    <message>
        <source>Relabel box</source>
        <translation>更改边界框标签</translation>
    </message>
    <message>
        <source>Remove all boxes</source>
        <translation>删除所有边界框</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutCanvas</name>
    <message>
        <source>Layout canvas</source>
        <translation>布局画布</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutPanel</name>
    <message>
        <source>Boxes</source>
        <translation>边界框</translation>
    </message>
    <message>
        <source>&amp;Remove box</source>
        <translation>删除边界框(&amp;R)</translation>
    </message>
    <message>
        <source>Remove &amp;all</source>
        <translation>全部删除(&amp;A)</translation>
    </message>
    <message>
        <source>Generate an image with this layout (Ctrl+Enter)</source>
        <translation>按此布局生成图像 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>The generated image appears here.</source>
        <translation>生成的图像显示在这里。</translation>
    </message>
    <message>
        <source>Draw at least one box on the layout canvas.</source>
        <translation>请在布局画布上至少绘制一个边界框。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it, Esc or a click beside the boxes deselects.</source>
        <translation>在画布上拖动以添加边界框；拖动边界框可移动它，拖动其角可调整大小；按 Delete 删除，按 Esc 或点击框外空白处取消选择。</translation>
    </message>
    <message>
        <source>The label of the selected box, and of the next box you draw; type to search.</source>
        <translation>所选边界框的标签，也是下一个绘制的边界框的标签；输入即可搜索。</translation>
    </message>
    <message>
        <source>“%1” is not a class of this model: pick one from the list.</source>
        <translation>“%1”不是此模型的类别：请从列表中选择一个。</translation>
    </message>
    <message>
        <source>&amp;Label of box %1:</source>
        <translation>边界框 %1 的标签(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Label of the next box:</source>
        <translation>下一个边界框的标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Box %1 is labelled “%2”, which is not a class of this model: pick a label from the list.</source>
        <translation>边界框 %1 的标签为“%2”，这不是此模型的类别：请从列表中选择标签。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LoraVaeOptions</name>
    <message>
        <source>Weights (*.safetensors *.ckpt *.pt)</source>
        <translation>权重 (*.safetensors *.ckpt *.pt)</translation>
    </message>
    <message>
        <source>LoRA and VAE</source>
        <translation>LoRA 和 VAE</translation>
    </message>
    <message>
        <source>Add &amp;LoRA…</source>
        <translation>添加 LoRA(&amp;L)…</translation>
    </message>
    <message>
        <source>Add a LoRA file (kohya-ss or diffusers/PEFT, .safetensors, .ckpt or .pt) merged into the model for this tab&apos;s pictures. Prompts may also name LoRAs: &lt;lora:name:weight&gt;.</source>
        <translation>添加一个 LoRA 文件（kohya-ss 或 diffusers/PEFT，.safetensors、.ckpt 或 .pt），为本选项卡的图像合并到模型中。提示词中也可以指定 LoRA：&lt;lora:name:weight&gt;。</translation>
    </message>
    <message>
        <source>Model&apos;s own</source>
        <translation>模型自带</translation>
    </message>
    <message>
        <source>The VAE (first stage) that turns latents into pictures: the model&apos;s own, or a VAE checkpoint with CompVis names (e.g. a fine-tuned SD decoder).</source>
        <translation>将潜变量转换为图像的 VAE（第一阶段）：模型自带的，或使用 CompVis 命名的 VAE 检查点（例如微调过的 SD 解码器）。</translation>
    </message>
    <message>
        <source>Choose a VAE file…</source>
        <translation>选择 VAE 文件…</translation>
    </message>
    <message>
        <source>&amp;VAE:</source>
        <translation>VAE(&amp;V)：</translation>
    </message>
    <message>
        <source>LoRAs and VAEs apply to Stable Diffusion models; %1 is a %2 model. The list is kept for when a Stable Diffusion model is chosen.</source>
        <translation>LoRA 和 VAE 适用于 Stable Diffusion 模型；%1 是 %2 模型。列表会保留，待选择 Stable Diffusion 模型时使用。</translation>
    </message>
    <message>
        <source>Strength of %1</source>
        <translation>%1 的强度</translation>
    </message>
    <message>
        <source>Remove this LoRA</source>
        <translation>移除此 LoRA</translation>
    </message>
    <message>
        <source>Text encoder strength; the UNet&apos;s is %1 (as the picture recorded it).</source>
        <translation>文本编码器强度；UNet 的强度为 %1（按图像记录）。</translation>
    </message>
    <message>
        <source>How strongly the LoRA changes the model (1 = as trained, 0 = not at all).</source>
        <translation>LoRA 改变模型的程度（1 = 按训练效果，0 = 完全不变）。</translation>
    </message>
    <message>
        <source>No LoRA: the model as it is.</source>
        <translation>无 LoRA：模型保持原样。</translation>
    </message>
    <message>
        <source>For Stable Diffusion models only.</source>
        <translation>仅适用于 Stable Diffusion 模型。</translation>
    </message>
    <message>
        <source>Add LoRA</source>
        <translation>添加 LoRA</translation>
    </message>
    <message>
        <source>Choose a VAE</source>
        <translation>选择 VAE</translation>
    </message>
</context>
<context>
    <name>ldm::ui::MainWindow</name>
    <message>
        <source>LDM Studio</source>
        <translation>LDM Studio</translation>
    </message>
    <message>
        <source>&amp;Text to image</source>
        <translation>文本生成图像(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Inpaint</source>
        <translation>局部重绘(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>布局(&amp;L)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>Add a model file…</source>
        <translation>添加模型文件…</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>fp32 (full)</source>
        <translation>fp32（全精度）</translation>
    </message>
    <message>
        <source>fp16 (half)</source>
        <translation>fp16（半精度）</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Output:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <source>Choose the output folder…</source>
        <translation>选择输出文件夹…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the running generation (Esc)</source>
        <translation>停止正在进行的生成 (Esc)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Add model…</source>
        <translation>添加模型(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Models folder…</source>
        <translation>模型文件夹(&amp;M)…</translation>
    </message>
    <message>
        <source>O&amp;utput folder…</source>
        <translation>输出文件夹(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Save result as…</source>
        <translation>结果另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy result</source>
        <translation>复制结果(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Save results &amp;automatically</source>
        <translation>自动保存结果(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>The language changes when LDM Studio is restarted.</source>
        <translation>重新启动 LDM Studio 后语言才会更改。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About LDM Studio</source>
        <translation>关于 LDM Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About LDM Studio</source>
        <translation>关于 LDM Studio</translation>
    </message>
    <message>
        <source>%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.</source>
        <translation>%1 不是模型：请使用 .ckpt 或 .safetensors 文件，或 diffusers 文件夹。</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Checkpoints (*.ckpt *.safetensors)</source>
        <translation>检查点 (*.ckpt *.safetensors)</translation>
    </message>
    <message>
        <source>Models folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message numerus="yes">
        <source>Queued %n image(s)</source>
        <translation>
            <numerusform>已排队 %n 张图像</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Running %1… (loading the model)</source>
        <translation>正在运行 %1…（正在加载模型）</translation>
    </message>
    <message>
        <source>Step %1/%2 · %3 it/s · ETA %4</source>
        <translation>第 %1/%2 步 · %3 it/s · 剩余 %4</translation>
    </message>
    <message>
        <source>Done in %1 s</source>
        <translation>完成，用时 %1 秒</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>生成失败：%1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>S&amp;uper-resolution</source>
        <translation>超分辨率(&amp;U)</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Parameters restored from %1</source>
        <translation>已从 %1 恢复参数</translation>
    </message>
    <message>
        <source>From the history: %1</source>
        <translation>来自历史记录：%1</translation>
    </message>
    <message>
        <source>The model of this tab: the list holds the models that can do its task. Drop .ckpt or .safetensors files on the window to add them.</source>
        <translation>此选项卡使用的模型：列表中是能完成该任务的模型。将 .ckpt 或 .safetensors 文件拖到窗口即可添加。</translation>
    </message>
    <message>
        <source>Take this model off the list (the file stays where it is)</source>
        <translation>将此模型从列表中移除（文件保留在原处）</translation>
    </message>
    <message>
        <source>Where the model runs: the CPU or a CUDA GPU this computer has.</source>
        <translation>模型运行的位置：CPU 或本机的 CUDA GPU。</translation>
    </message>
    <message>
        <source>Number format of the computation: fp16 needs a CUDA GPU.</source>
        <translation>计算所用的数值格式：fp16 需要 CUDA GPU。</translation>
    </message>
    <message>
        <source>Folder for generated images; empty: %1</source>
        <translation>生成图像的保存文件夹；留空则为：%1</translation>
    </message>
    <message>
        <source>Open output &amp;folder</source>
        <translation>打开输出文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Getting started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>(not asked yet)</source>
        <translation>（尚未查询）</translation>
    </message>
    <message>
        <source>none (this LibTorch runs on the CPU only)</source>
        <translation>无（此 LibTorch 仅在 CPU 上运行）</translation>
    </message>
    <message>
        <source>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.&lt;br&gt;&lt;br&gt;LibTorch %2&lt;br&gt;Qt %3&lt;br&gt;CUDA: %4</source>
        <translation>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;在您自己的计算机上运行潜在扩散模型（文本生成图像、局部重绘、布局生成图像、超分辨率）。&lt;br&gt;&lt;br&gt;LibTorch %2&lt;br&gt;Qt %3&lt;br&gt;CUDA：%4</translation>
    </message>
    <message>
        <source>Ctrl+Enter in a prompt — Generate</source>
        <translation>在提示词中按 Ctrl+Enter — 生成</translation>
    </message>
    <message>
        <source>B, E — Brush, eraser (mask editor)</source>
        <translation>B, E — 画笔、橡皮擦（蒙版编辑器）</translation>
    </message>
    <message>
        <source>Delete — Remove the selected box (layout editor)</source>
        <translation>Delete — 删除所选边界框（布局编辑器）</translation>
    </message>
    <message>
        <source>Esc — Deselect the box (layout editor), cancel the generation</source>
        <translation>Esc — 取消选择边界框（布局编辑器），取消生成</translation>
    </message>
    <message>
        <source>Left, Right — Move the before/after split (super-resolution)</source>
        <translation>左、右方向键 — 移动前后对比分割线（超分辨率）</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) in the models folder are not models LDM Studio can use.</source>
        <translation>
            <numerusform>模型文件夹中有 %n 个文件不是 LDM Studio 可以使用的模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>No model for this task: add one with the button on the right</source>
        <translation>没有可用于此任务的模型：请用右侧按钮添加一个</translation>
    </message>
    <message>
        <source>%1: settings of the model %2 (%3).</source>
        <translation>%1：使用模型 %2 的设置（%3）。</translation>
    </message>
    <message>
        <source>%1: replaced what the model %2 cannot use: %3.</source>
        <translation>%1：已替换模型 %2 无法使用的设置：%3。</translation>
    </message>
    <message>
        <source>%1 is not a model LDM Studio can use.</source>
        <translation>%1 不是 LDM Studio 可以使用的模型。</translation>
    </message>
    <message>
        <source>%1 is a %2 model, which none of the tabs can use.</source>
        <translation>%1 是 %2 模型，没有任何选项卡可以使用它。</translation>
    </message>
    <message>
        <source>Added model %1. %2</source>
        <translation>已添加模型 %1。%2</translation>
    </message>
    <message>
        <source>Took %1 off the model list.</source>
        <translation>已将 %1 从模型列表中移除。</translation>
    </message>
    <message>
        <source> · %1 GiB</source>
        <translation> · %1 GiB</translation>
    </message>
    <message>
        <source>The device %1 of the settings is not available on this computer: using the CPU.</source>
        <translation>设置中的设备 %1 在此计算机上不可用：改用 CPU。</translation>
    </message>
    <message>
        <source>From %1</source>
        <translation>来自 %1</translation>
    </message>
    <message>
        <source>of the task</source>
        <translation>（该任务的默认模型）</translation>
    </message>
    <message>
        <source>There is no CUDA GPU this program can use on this computer: choose CPU in the Device box.</source>
        <translation>此计算机上没有本程序可用的 CUDA GPU：请在“设备”框中选择 CPU。</translation>
    </message>
    <message>
        <source>The device %1 cannot compute in %2: choose fp32 in the Precision box.</source>
        <translation>设备 %1 无法以 %2 计算：请在“精度”框中选择 fp32。</translation>
    </message>
    <message>
        <source>The model %1 cannot do what the %2 tab asks: choose another one in the Model box.</source>
        <translation>模型 %1 无法完成“%2”选项卡的任务：请在“模型”框中选择其他模型。</translation>
    </message>
    <message>
        <source>There is no model for the %1 tab: add one with the button beside the Model box.</source>
        <translation>“%1”选项卡没有可用模型：请用“模型”框旁边的按钮添加一个。</translation>
    </message>
    <message>
        <source>The model %1 cannot make a picture of %2×%3 pixels: change the Size (a multiple of %4 pixels).</source>
        <translation>模型 %1 无法生成 %2×%3 像素的图像：请修改“尺寸”（%4 像素的倍数）。</translation>
    </message>
    <message>
        <source>The mask does not have the size of the picture: clear it and paint it again, or load a mask of the picture&apos;s size.</source>
        <translation>蒙版与图像尺寸不同：请清除后重新绘制，或加载与图像尺寸相同的蒙版。</translation>
    </message>
    <message>
        <source>The %1 tab lacks something the model needs (a picture, a mask, a prompt or a box): fill it in and generate again.</source>
        <translation>“%1”选项卡缺少模型需要的内容（图像、蒙版、提示词或边界框）：请补充后重新生成。</translation>
    </message>
    <message>
        <source>The computation overflowed (NaN or infinite values in %1): choose fp32 or bf16 in the Precision box; if it happens in fp32, choose another VAE.</source>
        <translation>计算溢出（%1 中出现 NaN 或无穷值）：请在“精度”框中选择 fp32 或 bf16；若 fp32 下也出现，请换一个 VAE。</translation>
    </message>
    <message>
        <source>A file could not be read: %1. If it is the model, choose another one in the Model box.</source>
        <translation>无法读取文件：%1。如果是模型文件，请在“模型”框中选择其他模型。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Done in %1 s, saved as %2</source>
        <translation>完成，用时 %1 秒，已保存为 %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Inpaint&lt;/b&gt;: open or drop a picture, paint over what should change (B brush, E eraser, [ and ] size), say what should be there and press &lt;b&gt;Inpaint&lt;/b&gt;.</source>
        <translation>&lt;b&gt;局部重绘&lt;/b&gt;：打开或拖入一张图像，涂抹需要改变的部分（B 画笔，E 橡皮擦，[ 和 ] 调整大小），描述那里应有的内容，然后按&lt;b&gt;局部重绘&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layout&lt;/b&gt;: drag boxes on the canvas and label each one (e.g. &lt;i&gt;red circle&lt;/i&gt;); the label field completes the model&apos;s classes.</source>
        <translation>&lt;b&gt;布局&lt;/b&gt;：在画布上拖出边界框并为每个框指定标签（例如 &lt;i&gt;red circle&lt;/i&gt;）；标签框会自动补全模型的类别。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Super-resolution&lt;/b&gt;: open a small picture; the output is four times its width and height.</source>
        <translation>&lt;b&gt;超分辨率&lt;/b&gt;：打开一张小图像；输出的宽度和高度为其四倍。</translation>
    </message>
    <message>
        <source>LDM Studio comes with six small models of its own (64×64 pictures of coloured circles, squares, triangles, diamonds and stars), so it works without downloading anything.</source>
        <translation>LDM Studio 自带六个小模型（64×64 的彩色圆形、正方形、三角形、菱形和星形图像），无需下载任何内容即可使用。</translation>
    </message>
    <message>
        <source>The &lt;b&gt;Model&lt;/b&gt; box lists, for each tab, the models that can do its task; size, steps, sampler and guidance follow the chosen model. Add your own checkpoints (CompVis LDM, Stable Diffusion 1.x/2.x, .ckpt or .safetensors) with the button beside it or by dropping them on the window.</source>
        <translation>&lt;b&gt;模型&lt;/b&gt;框会为每个选项卡列出能完成其任务的模型；尺寸、步数、采样器和引导强度随所选模型而定。可用旁边的按钮或将文件拖到窗口来添加您自己的检查点（CompVis LDM、Stable Diffusion 1.x/2.x，.ckpt 或 .safetensors）。</translation>
    </message>
    <message>
        <source>Click a picture in the history to see it, double-click it to get its settings back; its context menu opens, copies, sends or deletes it. Dropping a PNG made by LDM Studio restores its settings too.</source>
        <translation>单击历史记录中的图像可查看它，双击可恢复其设置；右键菜单可打开、复制、发送或删除它。拖入由 LDM Studio 生成的 PNG 也会恢复其设置。</translation>
    </message>
    <message>
        <source>More: the README and the docs folder of LDM Studio, and &lt;i&gt;ldm --help&lt;/i&gt; for the command line.</source>
        <translation>更多信息：LDM Studio 的 README 和 docs 文件夹，命令行请参阅 &lt;i&gt;ldm --help&lt;/i&gt;。</translation>
    </message>
    <message>
        <source>P&amp;aint a scene</source>
        <translation>绘制场景(&amp;A)</translation>
    </message>
    <message>
        <source>Image to image</source>
        <translation>图生图</translation>
    </message>
    <message>
        <source>B, F, right button — Brush, fill, pick the label under the cursor (scene painter)</source>
        <translation>B、F、右键 — 画笔、填充、拾取光标下的标签（场景绘制）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Paint a scene&lt;/b&gt;: paint regions with the labels of the model (brush B, fill F) and press &lt;b&gt;Generate&lt;/b&gt;: the model draws a picture that follows the map. Label maps can be imported and exported as 8-bit PNGs.</source>
        <translation>&lt;b&gt;绘制场景&lt;/b&gt;：用模型的标签绘制区域（画笔 B，填充 F），然后按&lt;b&gt;生成&lt;/b&gt;：模型会画出符合该标签图的图像。标签图可作为 8 位 PNG 导入和导出。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Image to image&lt;/b&gt;: open, drop or paste a picture (or send one from the history), say what it should become and press &lt;b&gt;Generate&lt;/b&gt;; the &lt;b&gt;Strength&lt;/b&gt; sets how much of it is redrawn.</source>
        <translation>&lt;b&gt;图生图&lt;/b&gt;：打开、拖入或粘贴一张图像（或从历史记录发送），写下它应变成什么并按&lt;b&gt;生成&lt;/b&gt;；&lt;b&gt;强度&lt;/b&gt;决定重绘多少。</translation>
    </message>
    <message>
        <source>&lt;b&gt;LoRA and VAE&lt;/b&gt; (Stable Diffusion models): add LoRA files with a strength each, or choose another VAE, in the text to image, image to image and inpainting tabs.</source>
        <translation>&lt;b&gt;LoRA 和 VAE&lt;/b&gt;（Stable Diffusion 模型）：在文生图、图生图和局部重绘选项卡中添加 LoRA 文件（各带强度），或选择其他 VAE。</translation>
    </message>
    <message>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <source>&lt;b&gt;Text to image&lt;/b&gt;: describe a picture, e.g. &lt;i&gt;a red circle and a blue square&lt;/i&gt;, and press &lt;b&gt;Generate&lt;/b&gt; (Ctrl+Enter). A preview shows while it is made; the picture lands in the history on the right and in the output folder.</source>
        <translation>&lt;b&gt;文本生成图像&lt;/b&gt;：描述一幅图像，例如 &lt;i&gt;a red circle and a blue square&lt;/i&gt;，然后按&lt;b&gt;生成&lt;/b&gt;（Ctrl+Enter）。生成过程中会显示预览；图像会出现在右侧的历史记录中，并保存到输出文件夹。</translation>
    </message>
    <message>
        <source>&amp;Memory use</source>
        <translation>内存使用(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Automatic</source>
        <translation>自动(&amp;A)</translation>
    </message>
    <message>
        <source>Low memory where the model would take more than 40% of the free memory, else keep it loaded</source>
        <translation>模型会占用超过 40% 的可用内存时使用低内存，否则保持加载</translation>
    </message>
    <message>
        <source>&amp;Keep the model loaded</source>
        <translation>保持模型已加载(&amp;K)</translation>
    </message>
    <message>
        <source>Quickest for one picture after another; needs memory for every part</source>
        <translation>连续生成时最快；需要容纳所有部分的内存</translation>
    </message>
    <message>
        <source>&amp;Low memory</source>
        <translation>低内存(&amp;L)</translation>
    </message>
    <message>
        <source>The model&apos;s parts take turns in memory: about a third less at the cost of reloading each part for every picture (Stable Diffusion 1.5, 512×512: 3.9 GiB instead of 5.5)</source>
        <translation>模型的各部分轮流占用内存：约少三分之一，代价是每张图都要重新加载各部分（Stable Diffusion 1.5，512×512：3.9 GiB 而非 5.5 GiB）</translation>
    </message>
    <message>
        <source>Out of memory: make the picture smaller (Size), lower the Batch count, choose Settings ▸ Memory use ▸ Low memory, or choose another device in the Device box.</source>
        <translation>内存不足：请缩小图像（“尺寸”）、减少“批次数量”、选择“设置 ▸ 内存使用 ▸ 低内存”，或在“设备”框中选择其他设备。</translation>
    </message>
    <message>
        <source> (low memory: the model&apos;s parts took turns)</source>
        <translation>（低内存：模型各部分轮流加载）</translation>
    </message>
    <message>
        <source>Parameters restored from %1; its model %2 is not here: the tab keeps its own</source>
        <translation>已从 %1 恢复参数；其模型 %2 不在本机：此标签页保留当前模型</translation>
    </message>
    <message>
        <source>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Undo, redo (mask and layout editors, scene painter)</source>
        <translation>Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — 撤销、重做（蒙版和布局编辑器、场景绘制）</translation>
    </message>
    <message>
        <source>[, ] — Smaller, larger brush (mask editor, scene painter)</source>
        <translation>[, ] — 缩小、放大画笔（蒙版编辑器、场景绘制）</translation>
    </message>
    <message>
        <source>Mouse wheel, Ctrl+0 — Zoom, fit to the view (mask editor, scene painter)</source>
        <translation>鼠标滚轮, Ctrl+0 — 缩放、适应视图（蒙版编辑器、场景绘制）</translation>
    </message>
    <message>
        <source>Space + drag, middle button — Pan (mask editor, scene painter)</source>
        <translation>空格 + 拖动, 鼠标中键 — 平移（蒙版编辑器、场景绘制）</translation>
    </message>
    <message>
        <source> (about %1 GB needed, %2 GB free)</source>
        <translation>（约需 %1 GB，可用 %2 GB）</translation>
    </message>
    <message>
        <source>Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size), lower the Batch count, or choose another device in the Device box.</source>
        <translation>内存不足以完成此请求%1，与内存使用设置无关：请缩小图像（“尺寸”）、减少“批次数量”，或在“设备”框中选择其他设备。</translation>
    </message>
    <message>
        <source>Not enough memory for this request%1, whatever the memory use setting: make the picture smaller (Size) or lower the Batch count.</source>
        <translation>内存不足以完成此请求%1，与内存使用设置无关：请缩小图像（“尺寸”）或减少“批次数量”。</translation>
    </message>
    <message>
        <source>Out of memory: make the picture smaller (Size), lower the Batch count, or choose Settings ▸ Memory use ▸ Low memory.</source>
        <translation>内存不足：请缩小图像（“尺寸”）、减少“批次数量”，或选择“设置 ▸ 内存使用 ▸ 低内存”。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::MaskCanvas</name>
    <message>
        <source>Inpainting canvas</source>
        <translation>局部重绘画布</translation>
    </message>
    <message>
        <source>Load mask</source>
        <translation>加载蒙版</translation>
    </message>
    <message>
        <source>Clear mask</source>
        <translation>清除蒙版</translation>
    </message>
    <message>
        <source>Invert mask</source>
        <translation>反转蒙版</translation>
    </message>
    <message>
        <source>Brush stroke</source>
        <translation>画笔笔画</translation>
    </message>
    <message>
        <source>Eraser stroke</source>
        <translation>橡皮擦笔画</translation>
    </message>
    <message>
        <source>Open or drop an image to paint a mask</source>
        <translation>打开或拖入图像以绘制蒙版</translation>
    </message>
</context>
<context>
    <name>ldm::ui::ModelCatalog</name>
    <message>
        <source>%1 — not a usable model</source>
        <translation>%1 — 不是可用的模型</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
</context>
<context>
    <name>ldm::ui::ResultIo</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ldm::ui::SamplerOptions</name>
    <message>
        <source>&amp;Steps:</source>
        <translation>步数(&amp;S)：</translation>
    </message>
    <message>
        <source>Euler ancestral</source>
        <translation>Euler 祖先采样</translation>
    </message>
    <message>
        <source>&amp;Karras sigmas</source>
        <translation>Karras 噪声表(&amp;K)</translation>
    </message>
    <message>
        <source>Use the Karras et al. noise schedule (k-diffusion samplers only).</source>
        <translation>使用 Karras 等人的噪声调度（仅限 k-diffusion 采样器）。</translation>
    </message>
    <message>
        <source>Sa&amp;mpler:</source>
        <translation>采样器(&amp;M)：</translation>
    </message>
    <message>
        <source>DDIM eta: 0 is deterministic, 1 adds as much noise as DDPM.</source>
        <translation>DDIM eta：0 为确定性采样，1 加入与 DDPM 相同的噪声。</translation>
    </message>
    <message>
        <source>&amp;Eta:</source>
        <translation>Eta(&amp;E)：</translation>
    </message>
    <message>
        <source>Classifier-free guidance: how strongly the image follows the prompt.</source>
        <translation>无分类器引导：图像遵循提示词的强度。</translation>
    </message>
    <message>
        <source>&amp;CFG scale:</source>
        <translation>CFG 系数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Random</source>
        <translation>随机(&amp;R)</translation>
    </message>
    <message>
        <source>Reuse last</source>
        <translation>沿用上次</translation>
    </message>
    <message>
        <source>Use the seed of the last generated image.</source>
        <translation>使用上一张生成图像的种子。</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Number of images, generated one after another with consecutive seeds.</source>
        <translation>图像数量，依次使用连续的种子生成。</translation>
    </message>
    <message>
        <source>&amp;Batch count:</source>
        <translation>批次数量(&amp;B)：</translation>
    </message>
    <message>
        <source>Use the seed of the last generated image (%1).</source>
        <translation>使用上一张生成图像的种子（%1）。</translation>
    </message>
    <message numerus="yes">
        <source>%n step(s), %1</source>
        <translation>
            <numerusform>%n 步，%1</numerusform>
        </translation>
    </message>
    <message>
        <source> (Karras)</source>
        <translation>（Karras）</translation>
    </message>
    <message>
        <source>, CFG %1</source>
        <translation>，CFG %1</translation>
    </message>
</context>
<context>
    <name>ldm::ui::SemanticPanel</name>
    <message>
        <source>Scene tools</source>
        <translation>场景工具</translation>
    </message>
    <message>
        <source>Import label map…</source>
        <translation>导入标签图…</translation>
    </message>
    <message>
        <source>Export label map…</source>
        <translation>导出标签图…</translation>
    </message>
    <message>
        <source>Brush (B)</source>
        <translation>画笔 (B)</translation>
    </message>
    <message>
        <source>Fill (F): a region of one label</source>
        <translation>填充 (F)：同一标签的区域</translation>
    </message>
    <message>
        <source>Fill everything with the label</source>
        <translation>用该标签填满全部</translation>
    </message>
    <message>
        <source>&amp;Labels:</source>
        <translation>标签(&amp;L)：</translation>
    </message>
    <message>
        <source>Search labels</source>
        <translation>搜索标签</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>The label the brush and the fill paint (right-click the canvas to pick one from it).</source>
        <translation>画笔和填充使用的标签（在画布上右键可从中拾取）。</translation>
    </message>
    <message>
        <source>The canvas is the picture&apos;s size: a new size resamples the map.</source>
        <translation>画布即图像尺寸：新尺寸会对标签图重新采样。</translation>
    </message>
    <message>
        <source>Draw the scene (Ctrl+Enter)</source>
        <translation>绘制场景 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>The picture of the scene appears here.</source>
        <translation>场景的图像显示在这里。</translation>
    </message>
    <message>
        <source>Label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <source>Cannot import %1: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <source>%1 uses label %2, but the model has %3 labels (0 to %4): choose the model it was painted for.</source>
        <translation>%1 使用了标签 %2，但模型只有 %3 个标签（0 到 %4）：请选择为其绘制的模型。</translation>
    </message>
    <message>
        <source>%1 is %2×%3 pixels, not a multiple of %4: resampled to %5×%6.</source>
        <translation>%1 为 %2×%3 像素，不是 %4 的倍数：已重新采样为 %5×%6。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Import label map</source>
        <translation>导入标签图</translation>
    </message>
    <message>
        <source>Label maps (*.png *.bmp *.tif *.tiff)</source>
        <translation>标签图 (*.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>%1 is a colour picture. Choose the palette (a JSON file: label → colour, e.g. {&quot;sky-other&quot;: &quot;#87ceeb&quot;}) that says which colour is which label?</source>
        <translation>%1 是彩色图像。要选择说明各颜色对应哪个标签的调色板（JSON 文件：标签 → 颜色，例如 {&quot;sky-other&quot;: &quot;#87ceeb&quot;}）吗？</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>调色板</translation>
    </message>
    <message>
        <source>Palettes (*.json)</source>
        <translation>调色板 (*.json)</translation>
    </message>
    <message>
        <source>Export label map</source>
        <translation>导出标签图</translation>
    </message>
    <message>
        <source>Label maps (*.png)</source>
        <translation>标签图 (*.png)</translation>
    </message>
    <message>
        <source>Label map saved as %1 (8-bit grey, pixel = label)</source>
        <translation>标签图已保存为 %1（8 位灰度，像素 = 标签）</translation>
    </message>
</context>
<context>
    <name>ldm::ui::SizeSpinBox</name>
    <message>
        <source>A multiple of %1 pixels (what the model&apos;s autoencoder and UNet divide it by).</source>
        <translation>%1 像素的倍数（模型的自编码器和 UNet 按此缩小）。</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>尺寸(&amp;Z)：</translation>
    </message>
    <message>
        <source>size %1×%2 → %3×%4 (a multiple of %5)</source>
        <translation>尺寸 %1×%2 → %3×%4（%5 的倍数）</translation>
    </message>
</context>
<context>
    <name>ldm::ui::TaskPanel</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Preview · step %1 of %2</source>
        <translation>预览 · 第 %1/%2 步</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of %2: not a result</source>
        <translation>已在第 %1/%2 步取消：这不是结果</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Cancelled at step %1 of %2, before its first preview: the picture is the one before</source>
        <translation>已在第 %1/%2 步取消，尚无预览：显示的是之前的图像</translation>
    </message>
    <message>
        <source>Cancelled while the model loaded: the picture is the one before</source>
        <translation>在加载模型时已取消：显示的是之前的图像</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>What the image should not contain</source>
        <translation>图像中不应出现的内容</translation>
    </message>
    <message>
        <source>Width and height must be multiples of %1 pixels.</source>
        <translation>宽度和高度必须是 %1 像素的倍数。</translation>
    </message>
    <message>
        <source>More than twice the %1×%2 pixels this model was trained at: it tends to repeat its subject, and every step takes longer.</source>
        <translation>超过此模型训练尺寸 %1×%2 像素的两倍：主体容易重复出现，每一步也更慢。</translation>
    </message>
    <message>
        <source>The Hires fix below keeps the composition: make it at %1×%2 and scale it up.</source>
        <translation>下方的高清修复可保持构图：先以 %1×%2 生成，再放大。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::Txt2ImgPanel</name>
    <message>
        <source>&amp;Prompt:</source>
        <translation>提示词(&amp;P)：</translation>
    </message>
    <message>
        <source>Describe the image (Ctrl+Enter generates)</source>
        <translation>描述图像（Ctrl+Enter 生成）</translation>
    </message>
    <message>
        <source>&amp;Negative prompt:</source>
        <translation>反向提示词(&amp;N)：</translation>
    </message>
    <message>
        <source>Generate (Ctrl+Enter)</source>
        <translation>生成 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>The preview appears here while the image is generated.</source>
        <translation>生成图像时，预览显示在这里。</translation>
    </message>
    <message>
        <source>Enter a prompt first.</source>
        <translation>请先输入提示词。</translation>
    </message>
    <message>
        <source>&amp;Class:</source>
        <translation>类别(&amp;C)：</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>What the picture shows: one of the model&apos;s classes. Type any part of a name to search.</source>
        <translation>图像的内容：模型的类别之一。输入名称的任意部分即可搜索。</translation>
    </message>
    <message>
        <source>Type to search the classes</source>
        <translation>输入以搜索类别</translation>
    </message>
    <message>
        <source>This model draws without a prompt: each seed gives another picture.</source>
        <translation>此模型无需提示词即可绘制：每个种子给出不同的图像。</translation>
    </message>
    <message>
        <source>Hires fi&amp;x</source>
        <translation>高清修复(&amp;X)</translation>
    </message>
    <message>
        <source>Make the picture at the size above, upscale it and redraw it at the larger size (image to image with the same prompt and seed): more detail than generating large at once.</source>
        <translation>先按上方尺寸生成图像，放大后再以更大尺寸重绘（使用相同提示词和种子的图生图）：比直接生成大图细节更多。</translation>
    </message>
    <message>
        <source>How many times larger the final picture is (rounded to the model&apos;s size multiple)</source>
        <translation>最终图像放大的倍数（取整为模型的尺寸倍数）</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>倍数：</translation>
    </message>
    <message>
        <source>Latent</source>
        <translation>潜变量</translation>
    </message>
    <message>
        <source>Bicubic</source>
        <translation>双三次</translation>
    </message>
    <message>
        <source>Upscale the latent (bilinear): the model redraws more</source>
        <translation>放大潜变量（双线性）：模型重绘更多</translation>
    </message>
    <message>
        <source>Upscale the picture (bicubic), then encode it: closer to the first picture</source>
        <translation>放大图像（双三次）后再编码：更接近第一张图像</translation>
    </message>
    <message>
        <source>Upscaler:</source>
        <translation>放大方式：</translation>
    </message>
    <message>
        <source>Same as steps</source>
        <translation>与步数相同</translation>
    </message>
    <message>
        <source>Sampler steps of the second pass, of which the denoising strength runs (0: the steps above)</source>
        <translation>第二遍的采样步数，按去噪强度运行其中一部分（0：使用上方的步数）</translation>
    </message>
    <message>
        <source>Hires steps:</source>
        <translation>高清步数：</translation>
    </message>
    <message>
        <source>How much of the upscaled picture is redrawn: low keeps it, 1 redraws it all. The model&apos;s default is set when the model changes.</source>
        <translation>放大后的图像重绘多少：低值保留，1 全部重绘。切换模型时会设为模型的默认值。</translation>
    </message>
    <message>
        <source>Denoising strength:</source>
        <translation>去噪强度：</translation>
    </message>
    <message>
        <source>Final size</source>
        <translation>最终尺寸</translation>
    </message>
    <message>
        <source>Final size:</source>
        <translation>最终尺寸：</translation>
    </message>
    <message>
        <source>%1 × %2 (off)</source>
        <translation>%1 × %2（关闭）</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>(no class)</source>
        <translation>（无类别）</translation>
    </message>
    <message>
        <source>The model&apos;s unconditional input: it chooses what to draw.</source>
        <translation>模型的无条件输入：由模型决定画什么。</translation>
    </message>
    <message>
        <source>The model has no class &quot;%1&quot;: choose one from the Class list (%2).</source>
        <translation>模型没有类别“%1”：请从类别列表中选择一个（%2）。</translation>
    </message>
    <message>
        <source>Choose a class first.</source>
        <translation>请先选择一个类别。</translation>
    </message>
</context>
<context>
    <name>ldm::ui::UpscalePanel</name>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Tile size in output pixels for large images; overlapping tiles are blended.</source>
        <translation>大图像的分块尺寸（以输出像素计）；重叠的分块会被融合。</translation>
    </message>
    <message>
        <source>&amp;Tile size:</source>
        <translation>分块尺寸(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Upscale</source>
        <translation>放大(&amp;U)</translation>
    </message>
    <message>
        <source>Run super-resolution (Ctrl+Enter)</source>
        <translation>运行超分辨率 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>&amp;Save result</source>
        <translation>保存结果(&amp;S)</translation>
    </message>
    <message>
        <source>Before/after split</source>
        <translation>前后分割线</translation>
    </message>
    <message>
        <source>S&amp;plit:</source>
        <translation>分割(&amp;P)：</translation>
    </message>
    <message>
        <source>Open or drop a low-resolution image first.</source>
        <translation>请先打开或拖入一张低分辨率图像。</translation>
    </message>
    <message>
        <source>&amp;Match the input&apos;s colours</source>
        <translation>匹配输入的颜色(&amp;M)</translation>
    </message>
    <message>
        <source>Correct the result so that, scaled back down, it reproduces the input: keeps the input&apos;s colours and tones, adds only detail.</source>
        <translation>校正结果，使其缩小后与输入一致：保留输入的颜色和色调，只增加细节。</translation>
    </message>
    <message>
        <source>Start from the &amp;input</source>
        <translation>从输入开始(&amp;I)</translation>
    </message>
    <message>
        <source>Begin sampling from the input, upscaled and noised as in training, instead of from pure noise: the model keeps the input&apos;s colours.</source>
        <translation>从放大并按训练方式加噪的输入开始采样，而不是从纯噪声开始：模型会保留输入的颜色。</translation>
    </message>
    <message>
        <source>How much of the sampling runs from the input: lower keeps more of the input, 1 starts from the beginning of the schedule. Also the fraction of the steps that run.</source>
        <translation>从输入开始运行多少采样：越低保留的输入越多，1 表示从噪声调度的起点开始。也是实际运行的步数比例。</translation>
    </message>
    <message>
        <source>&amp;Denoising strength:</source>
        <translation>重绘强度(&amp;D)：</translation>
    </message>
    <message>
        <source>Open or drop an image: the output is %1 times its width and height.</source>
        <translation>打开或拖入一张图像：输出的宽度和高度为输入的 %1 倍。</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Input %1×%2 px → output %3×%4 px (×%5)</source>
        <translation>输入 %1×%2 像素 → 输出 %3×%4 像素（×%5）</translation>
    </message>
    <message>
        <source>Before · %1×%2</source>
        <translation>之前 · %1×%2</translation>
    </message>
    <message>
        <source>After · %1×%2</source>
        <translation>之后 · %1×%2</translation>
    </message>
    <message>
        <source>The tile size must be a multiple of %1 px for this model.</source>
        <translation>对于此模型，分块尺寸必须是 %1 像素的倍数。</translation>
    </message>
</context>
</TS>
