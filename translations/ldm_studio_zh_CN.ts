<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>To inpainting</source>
        <translation>发送到局部重绘</translation>
    </message>
    <message>
        <source>To super-resolution</source>
        <translation>发送到超分辨率</translation>
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
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
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
        <source>Brush size</source>
        <translation>画笔大小</translation>
    </message>
    <message>
        <source>Brush softness</source>
        <translation>画笔柔和度</translation>
    </message>
    <message>
        <source>Brush si&amp;ze:</source>
        <translation>画笔大小(&amp;Z)：</translation>
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
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
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
        <source>Cannot open %1.</source>
        <translation>无法打开 %1。</translation>
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
        <source>Paint the area to repaint with the brush first (the mask is empty).</source>
        <translation>请先用画笔涂抹要重绘的区域（蒙版为空）。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
    </message>
</context>
<context>
    <name>ldm::ui::LayoutBoxModel</name>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Cannot open the class list %1.</source>
        <translation>无法打开类别列表 %1。</translation>
    </message>
    <message>
        <source>The class list %1 is not valid JSON with a &quot;classes&quot; array.</source>
        <translation>类别列表 %1 不是包含 &quot;classes&quot; 数组的有效 JSON。</translation>
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
        <source>Class of the selected box; type to search.</source>
        <translation>所选边界框的类别；输入以搜索。</translation>
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
        <source>Si&amp;ze:</source>
        <translation>尺寸(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Generate an image with this layout (Ctrl+Enter)</source>
        <translation>按此布局生成图像 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it.</source>
        <translation>在画布上拖动以添加边界框；拖动边界框可移动它，拖动其角可调整大小；按 Delete 删除。</translation>
    </message>
    <message>
        <source>&amp;Label:</source>
        <translation>标签(&amp;L)：</translation>
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
        <source>Box %1 has no valid label: pick one from the class list.</source>
        <translation>边界框 %1 没有有效标签：请从类别列表中选择一个。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
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
        <source>Checkpoint to use; drop .ckpt or .safetensors files on the window to add them.</source>
        <translation>要使用的检查点；将 .ckpt 或 .safetensors 文件拖到窗口即可添加。</translation>
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
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
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
        <source>bf16</source>
        <translation>bf16</translation>
    </message>
    <message>
        <source>&amp;Precision:</source>
        <translation>精度(&amp;P)：</translation>
    </message>
    <message>
        <source>Folder for generated images</source>
        <translation>生成图像的保存文件夹</translation>
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
        <source>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.</source>
        <translation>&lt;b&gt;LDM Studio&lt;/b&gt; %1&lt;br&gt;在您自己的计算机上运行潜在扩散模型（文本生成图像、局部重绘、布局生成图像、超分辨率）。</translation>
    </message>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Default model for the task</source>
        <translation>该任务的默认模型</translation>
    </message>
    <message>
        <source>%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.</source>
        <translation>%1 不是模型：请使用 .ckpt 或 .safetensors 文件，或 diffusers 文件夹。</translation>
    </message>
    <message>
        <source>Added model %1</source>
        <translation>已添加模型 %1</translation>
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
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
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
    <name>ldm::ui::ResultIo</name>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp)</translation>
    </message>
    <message>
        <source>Cannot create %1: %2</source>
        <translation>无法创建 %1：%2</translation>
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
</context>
<context>
    <name>ldm::ui::SizeSpinBox</name>
    <message>
        <source>A multiple of 8 pixels (the autoencoder downsamples by 8).</source>
        <translation>8 像素的倍数（自编码器按 8 倍下采样）。</translation>
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
        <source>What the image should not contain</source>
        <translation>图像中不应出现的内容</translation>
    </message>
    <message>
        <source>Si&amp;ze:</source>
        <translation>尺寸(&amp;Z)：</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
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
        <source>Width and height must be multiples of 8 pixels.</source>
        <translation>宽度和高度必须是 8 像素的倍数。</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>第 %1 步，共 %2 步</translation>
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
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
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
</context>
</TS>
