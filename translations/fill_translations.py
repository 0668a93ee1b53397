#!/usr/bin/env python3
"""Fills translations/ldm_studio_{zh_CN,de}.ts from the table below (run after lupdate).

Workflow: `ninja -C build update_translations` (lupdate), then
`python3 translations/fill_translations.py`, then `ninja -C build update_translations` again so
that lupdate normalises the file layout (keeps diffs small).
Entries whose source is not in the table are left unfinished and listed on stderr.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# source: (zh_CN, de)
T = {
    # CompareView
    "Before and after comparison": ("前后对比", "Vorher-nachher-Vergleich"),
    "Open or drop a low-resolution image": ("打开或拖入一张低分辨率图像", "Ein Bild niedriger Auflösung öffnen oder hierher ziehen"),
    "Before": ("之前", "Vorher"),
    "After": ("之后", "Nachher"),
    # HistoryPanel
    "History": ("历史记录", "Verlauf"),
    "To inpainting": ("发送到局部重绘", "Zum Inpainting"),
    "To super-resolution": ("发送到超分辨率", "Zur Superauflösung"),
    "Save as…": ("另存为…", "Speichern unter…"),
    "Copy": ("复制", "Kopieren"),
    "Prompt: %1": ("提示词：%1", "Prompt: %1"),
    "Negative prompt: %1": ("反向提示词：%1", "Negativer Prompt: %1"),
    "Task: %1, %2×%3, %4 steps, sampler %5%6, CFG %7, seed %8":
        ("任务：%1，%2×%3，%4 步，采样器 %5%6，CFG %7，种子 %8",
         "Aufgabe: %1, %2×%3, %4 Schritte, Sampler %5%6, CFG %7, Seed %8"),
    "Model: %1": ("模型：%1", "Modell: %1"),
    "Time: %1 s": ("用时：%1 秒", "Dauer: %1 s"),
    "Saved as %1": ("已保存为 %1", "Gespeichert als %1"),
    "Save image": ("保存图像", "Bild speichern"),
    "PNG image (*.png)": ("PNG 图像 (*.png)", "PNG-Bild (*.png)"),
    # InpaintPanel
    "Mask tools": ("蒙版工具", "Maskenwerkzeuge"),
    "Open image…": ("打开图像…", "Bild öffnen…"),
    "Load mask…": ("加载蒙版…", "Maske laden…"),
    "Save mask…": ("保存蒙版…", "Maske speichern…"),
    "Brush (B)": ("画笔 (B)", "Pinsel (B)"),
    "Eraser (E)": ("橡皮擦 (E)", "Radierer (E)"),
    "Undo": ("撤销", "Rückgängig"),
    "Redo": ("重做", "Wiederholen"),
    "Clear mask": ("清除蒙版", "Maske leeren"),
    "Invert mask": ("反转蒙版", "Maske umkehren"),
    "Brush size": ("画笔大小", "Pinselgröße"),
    "Brush softness": ("画笔柔和度", "Pinselweichheit"),
    "Brush si&ze:": ("画笔大小(&Z)：", "Pinsel&größe:"),
    "So&ftness:": ("柔和度(&F)：", "&Weichheit:"),
    "&Prompt (text-conditioned models only):": ("提示词(&P)（仅限文本条件模型）：", "&Prompt (nur Modelle mit Textbedingung):"),
    "&Inpaint": ("局部重绘(&I)", "&Inpainting"),
    "Repaint the masked area (Ctrl+Enter)": ("重绘蒙版区域 (Ctrl+Enter)", "Maskierten Bereich neu malen (Strg+Eingabe)"),
    "The inpainted image appears here.": ("重绘后的图像显示在这里。", "Das neu gemalte Bild erscheint hier."),
    "Open image": ("打开图像", "Bild öffnen"),
    "Cannot open %1: %2": ("无法打开 %1：%2", "%1 kann nicht geöffnet werden: %2"),
    "Open an image before loading a mask.": ("请先打开图像，再加载蒙版。", "Öffnen Sie zuerst ein Bild, bevor Sie eine Maske laden."),
    "Load mask": ("加载蒙版", "Maske laden"),
    "Cannot open %1.": ("无法打开 %1。", "%1 kann nicht geöffnet werden."),
    "The mask is %1×%2 but the image is %3×%4: use a mask of the image's size.":
        ("蒙版为 %1×%2，而图像为 %3×%4：请使用与图像尺寸相同的蒙版。",
         "Die Maske ist %1×%2, das Bild aber %3×%4: Verwenden Sie eine Maske in der Größe des Bildes."),
    "Save mask": ("保存蒙版", "Maske speichern"),
    "Cannot write %1.": ("无法写入 %1。", "%1 kann nicht geschrieben werden."),
    "Open or drop an image to inpaint first.": ("请先打开或拖入要重绘的图像。", "Öffnen Sie zuerst ein Bild für das Inpainting oder ziehen Sie es hierher."),
    "Paint the area to repaint with the brush first (the mask is empty).":
        ("请先用画笔涂抹要重绘的区域（蒙版为空）。", "Malen Sie zuerst mit dem Pinsel den neu zu malenden Bereich (die Maske ist leer)."),
    "Step %1 of %2": ("第 %1 步，共 %2 步", "Schritt %1 von %2"),
    # LayoutBoxModel
    "Label": ("标签", "Bezeichnung"),
    "Cannot open the class list %1.": ("无法打开类别列表 %1。", "Die Klassenliste %1 kann nicht geöffnet werden."),
    'The class list %1 is not valid JSON with a "classes" array.':
        ("类别列表 %1 不是包含 \"classes\" 数组的有效 JSON。", "Die Klassenliste %1 ist kein gültiges JSON mit einem \"classes\"-Array."),
    # LayoutCanvas
    "Layout canvas": ("布局画布", "Layout-Zeichenfläche"),
    # LayoutPanel
    "Boxes": ("边界框", "Rahmen"),
    "Class of the selected box; type to search.": ("所选边界框的类别；输入以搜索。", "Klasse des ausgewählten Rahmens; zum Suchen tippen."),
    "&Remove box": ("删除边界框(&R)", "Rahmen &entfernen"),
    "Remove &all": ("全部删除(&A)", "&Alle entfernen"),
    "Si&ze:": ("尺寸(&Z)：", "&Größe:"),
    "&Generate": ("生成(&G)", "&Erzeugen"),
    "Generate an image with this layout (Ctrl+Enter)": ("按此布局生成图像 (Ctrl+Enter)", "Ein Bild mit diesem Layout erzeugen (Strg+Eingabe)"),
    "Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it.":
        ("在画布上拖动以添加边界框；拖动边界框可移动它，拖动其角可调整大小；按 Delete 删除。",
         "Auf der Zeichenfläche ziehen, um einen Rahmen hinzuzufügen; einen Rahmen ziehen, um ihn zu verschieben, an seinen Ecken ziehen, um die Größe zu ändern; Entf löscht ihn."),
    "&Label:": ("标签(&L)：", "&Bezeichnung:"),
    "The generated image appears here.": ("生成的图像显示在这里。", "Das erzeugte Bild erscheint hier."),
    "Draw at least one box on the layout canvas.": ("请在布局画布上至少绘制一个边界框。", "Zeichnen Sie mindestens einen Rahmen auf die Layout-Zeichenfläche."),
    "Box %1 has no valid label: pick one from the class list.": ("边界框 %1 没有有效标签：请从类别列表中选择一个。", "Rahmen %1 hat keine gültige Bezeichnung: Wählen Sie eine aus der Klassenliste."),
    # MainWindow
    "LDM Studio": ("LDM Studio", "LDM Studio"),
    "&Text to image": ("文本生成图像(&T)", "&Text zu Bild"),
    "&Layout": ("布局(&L)", "&Layout"),
    "S&uper-resolution": ("超分辨率(&U)", "&Superauflösung"),
    "Saved %1": ("已保存 %1", "%1 gespeichert"),
    "Dismiss": ("关闭", "Schließen"),
    "Checkpoint to use; drop .ckpt or .safetensors files on the window to add them.":
        ("要使用的检查点；将 .ckpt 或 .safetensors 文件拖到窗口即可添加。",
         "Zu verwendender Checkpoint; .ckpt- oder .safetensors-Dateien auf das Fenster ziehen, um sie hinzuzufügen."),
    "&Model:": ("模型(&M)：", "&Modell:"),
    "Add a model file…": ("添加模型文件…", "Modelldatei hinzufügen…"),
    "CPU": ("CPU", "CPU"),
    "CUDA GPU": ("CUDA GPU", "CUDA-GPU"),
    "&Device:": ("设备(&D)：", "&Gerät:"),
    "fp32 (full)": ("fp32（全精度）", "fp32 (volle Genauigkeit)"),
    "fp16 (half)": ("fp16（半精度）", "fp16 (halbe Genauigkeit)"),
    "bf16": ("bf16", "bf16"),
    "&Precision:": ("精度(&P)：", "Genauig&keit:"),
    "Folder for generated images": ("生成图像的保存文件夹", "Ordner für erzeugte Bilder"),
    "&Output:": ("输出(&O)：", "&Ausgabe:"),
    "Choose the output folder…": ("选择输出文件夹…", "Ausgabeordner wählen…"),
    "Cancel": ("取消", "Abbrechen"),
    "Stop the running generation (Esc)": ("停止正在进行的生成 (Esc)", "Laufende Erzeugung anhalten (Esc)"),
    "Ready": ("就绪", "Bereit"),
    "&File": ("文件(&F)", "&Datei"),
    "&Open image…": ("打开图像(&O)…", "Bild ö&ffnen…"),
    "&Add model…": ("添加模型(&A)…", "Modell &hinzufügen…"),
    "&Models folder…": ("模型文件夹(&M)…", "&Modellordner…"),
    "O&utput folder…": ("输出文件夹(&U)…", "A&usgabeordner…"),
    "&Save result as…": ("结果另存为(&S)…", "Ergebnis &speichern unter…"),
    "&Quit": ("退出(&Q)", "&Beenden"),
    "&Edit": ("编辑(&E)", "&Bearbeiten"),
    "&Copy result": ("复制结果(&C)", "Ergebnis &kopieren"),
    "&Cancel": ("取消(&C)", "&Abbrechen"),
    "&Settings": ("设置(&S)", "Einstellu&ngen"),
    "Save results &automatically": ("自动保存结果(&A)", "Ergebnisse &automatisch speichern"),
    "&Language": ("语言(&L)", "&Sprache"),
    "System default": ("跟随系统", "Systemstandard"),
    "The language changes when LDM Studio is restarted.": ("重新启动 LDM Studio 后语言才会更改。", "Die Sprache ändert sich beim nächsten Start von LDM Studio."),
    "&Help": ("帮助(&H)", "&Hilfe"),
    "&About LDM Studio": ("关于 LDM Studio(&A)", "Ü&ber LDM Studio"),
    "About LDM Studio": ("关于 LDM Studio", "Über LDM Studio"),
    "<b>LDM Studio</b> %1<br>Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.":
        ("<b>LDM Studio</b> %1<br>在您自己的计算机上运行潜在扩散模型（文本生成图像、局部重绘、布局生成图像、超分辨率）。",
         "<b>LDM Studio</b> %1<br>Latente Diffusionsmodelle (Text zu Bild, Inpainting, Layout zu Bild, Superauflösung) auf Ihrem eigenen Computer."),
    "bundled": ("内置", "mitgeliefert"),
    "Default model for the task": ("该任务的默认模型", "Standardmodell der Aufgabe"),
    "%1 is not a model: use a .ckpt or .safetensors file or a diffusers folder.":
        ("%1 不是模型：请使用 .ckpt 或 .safetensors 文件，或 diffusers 文件夹。",
         "%1 ist kein Modell: Verwenden Sie eine .ckpt- oder .safetensors-Datei oder einen Diffusers-Ordner."),
    "Added model %1": ("已添加模型 %1", "Modell %1 hinzugefügt"),
    "Add model": ("添加模型", "Modell hinzufügen"),
    "Checkpoints (*.ckpt *.safetensors)": ("检查点 (*.ckpt *.safetensors)", "Checkpoints (*.ckpt *.safetensors)"),
    "Models folder": ("模型文件夹", "Modellordner"),
    "Output folder": ("输出文件夹", "Ausgabeordner"),
    "Cancelling…": ("正在取消…", "Wird abgebrochen…"),
    "Running %1… (loading the model)": ("正在运行 %1…（正在加载模型）", "%1 läuft… (Modell wird geladen)"),
    "Step %1/%2 · %3 it/s · ETA %4": ("第 %1/%2 步 · %3 it/s · 剩余 %4", "Schritt %1/%2 · %3 it/s · noch %4"),
    "Done in %1 s": ("完成，用时 %1 秒", "Fertig in %1 s"),
    "Generation failed: %1": ("生成失败：%1", "Erzeugung fehlgeschlagen: %1"),
    "timed out": ("超时", "Zeitüberschreitung"),
    "Failed": ("失败", "Fehlgeschlagen"),
    "Cancelled": ("已取消", "Abgebrochen"),
    # MaskCanvas
    "Inpainting canvas": ("局部重绘画布", "Inpainting-Zeichenfläche"),
    "Brush stroke": ("画笔笔画", "Pinselstrich"),
    "Eraser stroke": ("橡皮擦笔画", "Radiererstrich"),
    "Open or drop an image to paint a mask": ("打开或拖入图像以绘制蒙版", "Ein Bild öffnen oder hierher ziehen, um eine Maske zu malen"),
    # SamplerOptions
    "&Steps:": ("步数(&S)：", "&Schritte:"),
    "Euler ancestral": ("Euler 祖先采样", "Euler ancestral"),
    "&Karras sigmas": ("Karras 噪声表(&K)", "&Karras-Sigmas"),
    "Use the Karras et al. noise schedule (k-diffusion samplers only).":
        ("使用 Karras 等人的噪声调度（仅限 k-diffusion 采样器）。", "Den Rauschplan nach Karras et al. verwenden (nur k-diffusion-Sampler)."),
    "Sa&mpler:": ("采样器(&M)：", "Sa&mpler:"),
    "DDIM eta: 0 is deterministic, 1 adds as much noise as DDPM.":
        ("DDIM eta：0 为确定性采样，1 加入与 DDPM 相同的噪声。", "DDIM-Eta: 0 ist deterministisch, 1 fügt so viel Rauschen hinzu wie DDPM."),
    "&Eta:": ("Eta(&E)：", "&Eta:"),
    "Classifier-free guidance: how strongly the image follows the prompt.":
        ("无分类器引导：图像遵循提示词的强度。", "Classifier-free Guidance: wie stark das Bild dem Prompt folgt."),
    "&CFG scale:": ("CFG 系数(&C)：", "&CFG-Skala:"),
    "&Random": ("随机(&R)", "&Zufällig"),
    "Reuse last": ("沿用上次", "Letzten verwenden"),
    "Use the seed of the last generated image.": ("使用上一张生成图像的种子。", "Den Seed des zuletzt erzeugten Bildes verwenden."),
    "S&eed:": ("种子(&E)：", "S&eed:"),
    "Number of images, generated one after another with consecutive seeds.":
        ("图像数量，依次使用连续的种子生成。", "Anzahl der Bilder, nacheinander mit aufeinanderfolgenden Seeds erzeugt."),
    "&Batch count:": ("批次数量(&B)：", "&Anzahl:"),
    "Use the seed of the last generated image (%1).": ("使用上一张生成图像的种子（%1）。", "Den Seed des zuletzt erzeugten Bildes verwenden (%1)."),
    # SizeSpinBox
    "A multiple of 8 pixels (the autoencoder downsamples by 8).":
        ("8 像素的倍数（自编码器按 8 倍下采样）。", "Ein Vielfaches von 8 Pixeln (der Autoencoder verkleinert um den Faktor 8)."),
    # Txt2ImgPanel
    "&Prompt:": ("提示词(&P)：", "&Prompt:"),
    "Describe the image (Ctrl+Enter generates)": ("描述图像（Ctrl+Enter 生成）", "Beschreiben Sie das Bild (Strg+Eingabe erzeugt es)"),
    "&Negative prompt:": ("反向提示词(&N)：", "&Negativer Prompt:"),
    "What the image should not contain": ("图像中不应出现的内容", "Was das Bild nicht enthalten soll"),
    "Generate (Ctrl+Enter)": ("生成 (Ctrl+Enter)", "Erzeugen (Strg+Eingabe)"),
    "The preview appears here while the image is generated.": ("生成图像时，预览显示在这里。", "Während das Bild erzeugt wird, erscheint hier die Vorschau."),
    "Enter a prompt first.": ("请先输入提示词。", "Geben Sie zuerst einen Prompt ein."),
    "Width and height must be multiples of 8 pixels.": ("宽度和高度必须是 8 像素的倍数。", "Breite und Höhe müssen Vielfache von 8 Pixeln sein."),
    # UpscalePanel
    "Automatic": ("自动", "Automatisch"),
    "Parameters restored from %1": ("已从 %1 恢复参数", "Parameter aus %1 übernommen"),
    "&Match the input's colours": ("匹配输入的颜色(&M)", "Farben der Eingabe &beibehalten"),
    "Correct the result so that, scaled back down, it reproduces the input: keeps the input's colours and tones, adds only detail.":
        ("校正结果，使其缩小后与输入一致：保留输入的颜色和色调，只增加细节。",
         "Korrigiert das Ergebnis so, dass es verkleinert wieder die Eingabe ergibt: Farben und Töne der Eingabe bleiben, nur Details kommen hinzu."),
    "Start from the &input": ("从输入开始(&I)", "Von der E&ingabe ausgehen"),
    "Begin sampling from the input, upscaled and noised as in training, instead of from pure noise: the model keeps the input's colours.":
        ("从放大并按训练方式加噪的输入开始采样，而不是从纯噪声开始：模型会保留输入的颜色。",
         "Beginnt die Abtastung bei der hochskalierten und wie im Training verrauschten Eingabe statt bei reinem Rauschen: das Modell behält die Farben der Eingabe."),
    "&Denoising strength:": ("重绘强度(&D)：", "&Entrauschungsstärke:"),
    "How much of the sampling runs from the input: lower keeps more of the input, 1 starts from the beginning of the schedule. Also the fraction of the steps that run.":
        ("从输入开始运行多少采样：越低保留的输入越多，1 表示从噪声调度的起点开始。也是实际运行的步数比例。",
         "Wie viel der Abtastung von der Eingabe aus läuft: niedriger behält mehr von der Eingabe, 1 beginnt am Anfang des Rauschplans. Zugleich der Anteil der Schritte, die laufen."),
    "Tile size in output pixels for large images; overlapping tiles are blended.":
        ("大图像的分块尺寸（以输出像素计）；重叠的分块会被融合。", "Kachelgröße in Ausgabepixeln für große Bilder; überlappende Kacheln werden überblendet."),
    "&Tile size:": ("分块尺寸(&T)：", "&Kachelgröße:"),
    "&Upscale": ("放大(&U)", "&Hochskalieren"),
    "Run super-resolution (Ctrl+Enter)": ("运行超分辨率 (Ctrl+Enter)", "Superauflösung ausführen (Strg+Eingabe)"),
    "&Save result": ("保存结果(&S)", "Ergebnis &speichern"),
    "Before/after split": ("前后分割线", "Vorher/Nachher-Teilung"),
    "S&plit:": ("分割(&P)：", "&Teilung:"),
    "Open or drop a low-resolution image first.": ("请先打开或拖入一张低分辨率图像。", "Öffnen Sie zuerst ein Bild niedriger Auflösung oder ziehen Sie es hierher."),
    # ResultIo
    "Images (*.png *.jpg *.jpeg *.bmp *.webp)": ("图像 (*.png *.jpg *.jpeg *.bmp *.webp)", "Bilder (*.png *.jpg *.jpeg *.bmp *.webp)"),
    "Cannot create %1: %2": ("无法创建 %1：%2", "%1 kann nicht angelegt werden: %2"),
    "Cannot write %1: %2": ("无法写入 %1：%2", "%1 kann nicht geschrieben werden: %2"),
    # Issue #25 (the window a newcomer meets)
    'Send to': ('发送到', 'Senden an'),
    'Open folder': ('打开文件夹', 'Ordner öffnen'),
    'Open the output folder': ('打开输出文件夹', 'Den Ausgabeordner öffnen'),
    '&Open': ('打开(&O)', 'Ö&ffnen'),
    'Show in &folder': ('在文件夹中显示(&F)', 'Im &Ordner zeigen'),
    'Open output f&older': ('打开输出文件夹(&O)', 'Ausgabe&ordner öffnen'),
    '&Copy': ('复制(&C)', '&Kopieren'),
    '&Send to': ('发送到(&S)', '&Senden an'),
    '&Restore parameters': ('恢复参数(&R)', 'Parameter &wiederherstellen'),
    'Save &as…': ('另存为(&A)…', 'Speichern &unter…'),
    '&Remove from history': ('从历史记录中移除(&R)', 'Aus dem Verlauf &entfernen'),
    '&Delete (move to trash)': ('删除（移到回收站）(&D)', '&Löschen (in den Papierkorb)'),
    'Cannot move %1 to the trash.': ('无法将 %1 移到回收站。', '%1 kann nicht in den Papierkorb verschoben werden.'),
    'Moved %1 to the trash': ('已将 %1 移到回收站', '%1 in den Papierkorb verschoben'),
    'Saved %1': ('已保存 %1', '%1 gespeichert'),
    ' px': (' 像素', ' px'),
    'Brush diameter in image pixels ([ and ] change it)': ('画笔直径（图像像素，[ 和 ] 可调整）', 'Pinseldurchmesser in Bildpixeln ([ und ] ändern ihn)'),
    '“%1” is not a class of this model: pick one from the list.': ('“%1”不是此模型的类别：请从列表中选择一个。', '„%1“ ist keine Klasse dieses Modells: Wählen Sie eine aus der Liste.'),
    'Add box': ('添加边界框', 'Rahmen hinzufügen'),
    'Remove box': ('删除边界框', 'Rahmen entfernen'),
    'Move box': ('移动边界框', 'Rahmen verschieben'),
    'Relabel box': ('更改边界框标签', 'Rahmen umbenennen'),
    'Remove all boxes': ('删除所有边界框', 'Alle Rahmen entfernen'),
    'Width': ('宽度', 'Breite'),
    'Height': ('高度', 'Höhe'),
    'Drag on the canvas to add a box; drag a box to move it, its corners to resize it; Delete removes it, Esc or a click beside the boxes deselects.': ('在画布上拖动以添加边界框；拖动边界框可移动它，拖动其角可调整大小；按 Delete 删除，按 Esc 或点击框外空白处取消选择。', 'Auf der Zeichenfläche ziehen, um einen Rahmen hinzuzufügen; einen Rahmen ziehen, um ihn zu verschieben, an seinen Ecken ziehen, um die Größe zu ändern; Entf löscht ihn, Esc oder ein Klick neben die Rahmen hebt die Auswahl auf.'),
    'The label of the selected box, and of the next box you draw; type to search.': ('所选边界框的标签，也是下一个绘制的边界框的标签；输入即可搜索。', 'Die Beschriftung des gewählten Rahmens und des nächsten, den Sie zeichnen; tippen, um zu suchen.'),
    '&Label of box %1:': ('边界框 %1 的标签(&L)：', '&Beschriftung von Rahmen %1:'),
    '&Label of the next box:': ('下一个边界框的标签(&L)：', '&Beschriftung des nächsten Rahmens:'),
    'Box %1 is labelled “%2”, which is not a class of this model: pick a label from the list.': ('边界框 %1 的标签为“%2”，这不是此模型的类别：请从列表中选择标签。', 'Rahmen %1 ist mit „%2“ beschriftet, was keine Klasse dieses Modells ist: Wählen Sie eine Beschriftung aus der Liste.'),
    'From the history: %1': ('来自历史记录：%1', 'Aus dem Verlauf: %1'),
    'The model of this tab: the list holds the models that can do its task. Drop .ckpt or .safetensors files on the window to add them.': ('此选项卡使用的模型：列表中是能完成该任务的模型。将 .ckpt 或 .safetensors 文件拖到窗口即可添加。', 'Das Modell dieses Tabs: Die Liste enthält die Modelle, die seine Aufgabe können. .ckpt- oder .safetensors-Dateien auf das Fenster ziehen, um sie hinzuzufügen.'),
    'Take this model off the list (the file stays where it is)': ('将此模型从列表中移除（文件保留在原处）', 'Dieses Modell von der Liste nehmen (die Datei bleibt, wo sie ist)'),
    'Where the model runs: the CPU or a CUDA GPU this computer has.': ('模型运行的位置：CPU 或本机的 CUDA GPU。', 'Wo das Modell läuft: auf der CPU oder einer CUDA-GPU dieses Computers.'),
    'Number format of the computation: fp16 needs a CUDA GPU.': ('计算所用的数值格式：fp16 需要 CUDA GPU。', 'Zahlenformat der Berechnung: fp16 braucht eine CUDA-GPU.'),
    'Folder for generated images; empty: %1': ('生成图像的保存文件夹；留空则为：%1', 'Ordner für erzeugte Bilder; leer: %1'),
    'Open output &folder': ('打开输出文件夹(&F)', 'Ausgabe&ordner öffnen'),
    '&Getting started': ('入门(&G)', '&Erste Schritte'),
    '&Keyboard shortcuts': ('键盘快捷键(&K)', '&Tastenkürzel'),
    '(not asked yet)': ('（尚未查询）', '(noch nicht abgefragt)'),
    'none (this LibTorch runs on the CPU only)': ('无（此 LibTorch 仅在 CPU 上运行）', 'keine (diese LibTorch läuft nur auf der CPU)'),
    '<b>LDM Studio</b> %1<br>Latent diffusion models (text to image, inpainting, layout to image, super-resolution) on your own computer.<br><br>LibTorch %2<br>Qt %3<br>CUDA: %4': ('<b>LDM Studio</b> %1<br>在您自己的计算机上运行潜在扩散模型（文本生成图像、局部重绘、布局生成图像、超分辨率）。<br><br>LibTorch %2<br>Qt %3<br>CUDA：%4', '<b>LDM Studio</b> %1<br>Latente Diffusionsmodelle (Text zu Bild, Inpainting, Layout zu Bild, Superauflösung) auf Ihrem eigenen Computer.<br><br>LibTorch %2<br>Qt %3<br>CUDA: %4'),
    'Ctrl+Enter in a prompt — Generate': ('在提示词中按 Ctrl+Enter — 生成', 'Strg+Eingabe in einem Prompt — Erzeugen'),
    'Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Undo, redo (mask and layout editors)': ('Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — 撤销、重做（蒙版和布局编辑器）', 'Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z — Rückgängig, wiederholen (Masken- und Layout-Editor)'),
    'B, E — Brush, eraser (mask editor)': ('B, E — 画笔、橡皮擦（蒙版编辑器）', 'B, E — Pinsel, Radierer (Masken-Editor)'),
    '[, ] — Smaller, larger brush (mask editor)': ('[, ] — 缩小、放大画笔（蒙版编辑器）', '[, ] — Kleinerer, größerer Pinsel (Masken-Editor)'),
    'Mouse wheel, Ctrl+0 — Zoom, fit to the view (mask editor)': ('鼠标滚轮, Ctrl+0 — 缩放、适应视图（蒙版编辑器）', 'Mausrad, Ctrl+0 — Zoomen, an die Ansicht anpassen (Masken-Editor)'),
    'Space + drag, middle button — Pan (mask editor)': ('空格 + 拖动, 鼠标中键 — 平移（蒙版编辑器）', 'Leertaste + Ziehen, mittlere Taste — Verschieben (Masken-Editor)'),
    'Delete — Remove the selected box (layout editor)': ('Delete — 删除所选边界框（布局编辑器）', 'Entf — Den gewählten Rahmen entfernen (Layout-Editor)'),
    'Esc — Deselect the box (layout editor), cancel the generation': ('Esc — 取消选择边界框（布局编辑器），取消生成', 'Esc — Rahmenauswahl aufheben (Layout-Editor), Erzeugung abbrechen'),
    'Left, Right — Move the before/after split (super-resolution)': ('左、右方向键 — 移动前后对比分割线（超分辨率）', 'Links, Rechts — Die Vorher-nachher-Teilung verschieben (Superauflösung)'),
    'Getting started': ('入门', 'Erste Schritte'),
    'Keyboard shortcuts': ('键盘快捷键', 'Tastenkürzel'),
    'No model for this task: add one with the button on the right': ('没有可用于此任务的模型：请用右侧按钮添加一个', 'Kein Modell für diese Aufgabe: Fügen Sie eines mit der Schaltfläche rechts hinzu'),
    '%1: settings of the model %2 (%3).': ('%1：使用模型 %2 的设置（%3）。', '%1: Einstellungen des Modells %2 (%3).'),
    '%1: replaced what the model %2 cannot use: %3.': ('%1：已替换模型 %2 无法使用的设置：%3。', '%1: ersetzt, was das Modell %2 nicht verwenden kann: %3.'),
    '%1 is not a model LDM Studio can use.': ('%1 不是 LDM Studio 可以使用的模型。', '%1 ist kein Modell, das LDM Studio verwenden kann.'),
    '%1 is a %2 model, which none of the tabs can use.': ('%1 是 %2 模型，没有任何选项卡可以使用它。', '%1 ist ein %2-Modell, das keiner der Tabs verwenden kann.'),
    'Added model %1. %2': ('已添加模型 %1。%2', 'Modell %1 hinzugefügt. %2'),
    'Took %1 off the model list.': ('已将 %1 从模型列表中移除。', '%1 von der Modellliste genommen.'),
    ' · %1 GiB': (' · %1 GiB', ' · %1 GiB'),
    'The device %1 of the settings is not available on this computer: using the CPU.': ('设置中的设备 %1 在此计算机上不可用：改用 CPU。', 'Das Gerät %1 aus den Einstellungen gibt es auf diesem Computer nicht: die CPU wird verwendet.'),
    'From %1': ('来自 %1', 'Aus %1'),
    'of the task': ('（该任务的默认模型）', 'der Aufgabe'),
    'There is no CUDA GPU this program can use on this computer: choose CPU in the Device box.': ('此计算机上没有本程序可用的 CUDA GPU：请在“设备”框中选择 CPU。', 'Auf diesem Computer gibt es keine CUDA-GPU, die dieses Programm nutzen kann: Wählen Sie im Feld „Gerät“ die CPU.'),
    'The device %1 cannot compute in %2: choose fp32 in the Precision box.': ('设备 %1 无法以 %2 计算：请在“精度”框中选择 fp32。', 'Das Gerät %1 kann nicht in %2 rechnen: Wählen Sie im Feld „Genauigkeit“ fp32.'),
    'The model %1 cannot do what the %2 tab asks: choose another one in the Model box.': ('模型 %1 无法完成“%2”选项卡的任务：请在“模型”框中选择其他模型。', 'Das Modell %1 kann nicht, was der Tab „%2“ verlangt: Wählen Sie im Feld „Modell“ ein anderes.'),
    'There is no model for the %1 tab: add one with the button beside the Model box.': ('“%1”选项卡没有可用模型：请用“模型”框旁边的按钮添加一个。', 'Für den Tab „%1“ gibt es kein Modell: Fügen Sie eines mit der Schaltfläche neben dem Feld „Modell“ hinzu.'),
    'The model %1 cannot make a picture of %2×%3 pixels: change the Size (a multiple of %4 pixels).': ('模型 %1 无法生成 %2×%3 像素的图像：请修改“尺寸”（%4 像素的倍数）。', 'Das Modell %1 kann kein Bild von %2×%3 Pixeln erzeugen: Ändern Sie die Größe (ein Vielfaches von %4 Pixeln).'),
    "The mask does not have the size of the picture: clear it and paint it again, or load a mask of the picture's size.": ('蒙版与图像尺寸不同：请清除后重新绘制，或加载与图像尺寸相同的蒙版。', 'Die Maske hat nicht die Größe des Bildes: Leeren Sie sie und malen Sie sie neu, oder laden Sie eine Maske in der Größe des Bildes.'),
    'The %1 tab lacks something the model needs (a picture, a mask, a prompt or a box): fill it in and generate again.': ('“%1”选项卡缺少模型需要的内容（图像、蒙版、提示词或边界框）：请补充后重新生成。', 'Dem Tab „%1“ fehlt etwas, das das Modell braucht (ein Bild, eine Maske, ein Prompt oder ein Rahmen): Ergänzen Sie es und erzeugen Sie erneut.'),
    'Out of memory: make the picture smaller (Size), lower the Batch count, or choose another device in the Device box.': ('内存不足：请缩小图像（“尺寸”）、减少“批次数量”，或在“设备”框中选择其他设备。', 'Nicht genug Speicher: Machen Sie das Bild kleiner (Größe), verringern Sie die Anzahl oder wählen Sie im Feld „Gerät“ ein anderes Gerät.'),
    'A file could not be read: %1. If it is the model, choose another one in the Model box.': ('无法读取文件：%1。如果是模型文件，请在“模型”框中选择其他模型。', 'Eine Datei kann nicht gelesen werden: %1. Ist es das Modell, wählen Sie im Feld „Modell“ ein anderes.'),
    'Cancelled.': ('已取消。', 'Abgebrochen.'),
    'Done in %1 s, saved as %2': ('完成，用时 %1 秒，已保存为 %2', 'Fertig in %1 s, gespeichert als %2'),
    '%1 — not a usable model': ('%1 — 不是可用的模型', '%1 — kein verwendbares Modell'),
    ' (Karras)': ('（Karras）', ' (Karras)'),
    ', CFG %1': ('，CFG %1', ', CFG %1'),
    "A multiple of %1 pixels (what the model's autoencoder and UNet divide it by).": ('%1 像素的倍数（模型的自编码器和 UNet 按此缩小）。', 'Ein Vielfaches von %1 Pixeln (wodurch Autoencoder und UNet des Modells teilen).'),
    'Result': ('结果', 'Ergebnis'),
    'Preview · step %1 of %2': ('预览 · 第 %1/%2 步', 'Vorschau · Schritt %1 von %2'),
    'Cancelled at step %1 of %2: not a result': ('已在第 %1/%2 步取消：这不是结果', 'Bei Schritt %1 von %2 abgebrochen: kein Ergebnis'),
    'size %1×%2 → %3×%4 (a multiple of %5)': ('尺寸 %1×%2 → %3×%4（%5 的倍数）', 'Größe %1×%2 → %3×%4 (ein Vielfaches von %5)'),
    'Width and height must be multiples of %1 pixels.': ('宽度和高度必须是 %1 像素的倍数。', 'Breite und Höhe müssen Vielfache von %1 Pixeln sein.'),
    'Open or drop an image: the output is %1 times its width and height.': ('打开或拖入一张图像：输出的宽度和高度为输入的 %1 倍。', 'Ein Bild öffnen oder hierher ziehen: Die Ausgabe ist %1-mal so breit und hoch.'),
    'Input %1×%2 px → output %3×%4 px (×%5)': ('输入 %1×%2 像素 → 输出 %3×%4 像素（×%5）', 'Eingabe %1×%2 px → Ausgabe %3×%4 px (×%5)'),
    'Before · %1×%2': ('之前 · %1×%2', 'Vorher · %1×%2'),
    'After · %1×%2': ('之后 · %1×%2', 'Nachher · %1×%2'),
    '<b>Text to image</b>: describe a picture, e.g. <i>a red circle above a small blue square</i>, and press <b>Generate</b> (Ctrl+Enter). A preview shows while it is made; the picture lands in the history on the right and in the output folder.': ('<b>文本生成图像</b>：描述一幅图像，例如 <i>a red circle above a small blue square</i>，然后按<b>生成</b>（Ctrl+Enter）。生成过程中会显示预览；图像会出现在右侧的历史记录中，并保存到输出文件夹。', '<b>Text zu Bild</b>: Beschreiben Sie ein Bild, z. B. <i>a red circle above a small blue square</i>, und drücken Sie <b>Erzeugen</b> (Strg+Eingabe). Während es entsteht, zeigt sich eine Vorschau; das Bild landet im Verlauf rechts und im Ausgabeordner.'),
    '<b>Inpaint</b>: open or drop a picture, paint over what should change (B brush, E eraser, [ and ] size), say what should be there and press <b>Inpaint</b>.': ('<b>局部重绘</b>：打开或拖入一张图像，涂抹需要改变的部分（B 画笔，E 橡皮擦，[ 和 ] 调整大小），描述那里应有的内容，然后按<b>局部重绘</b>。', '<b>Inpainting</b>: Öffnen oder ziehen Sie ein Bild herein, übermalen Sie, was sich ändern soll (B Pinsel, E Radierer, [ und ] Größe), sagen Sie, was dort sein soll, und drücken Sie <b>Inpainting</b>.'),
    "<b>Layout</b>: drag boxes on the canvas and label each one (e.g. <i>red circle</i>); the label field completes the model's classes.": ('<b>布局</b>：在画布上拖出边界框并为每个框指定标签（例如 <i>red circle</i>）；标签框会自动补全模型的类别。', '<b>Layout</b>: Ziehen Sie Rahmen auf der Zeichenfläche und beschriften Sie jeden (z. B. <i>red circle</i>); das Beschriftungsfeld ergänzt die Klassen des Modells.'),
    '<b>Super-resolution</b>: open a small picture; the output is four times its width and height.': ('<b>超分辨率</b>：打开一张小图像；输出的宽度和高度为其四倍。', '<b>Superauflösung</b>: Öffnen Sie ein kleines Bild; die Ausgabe ist viermal so breit und hoch.'),
    'LDM Studio comes with six small models of its own (64×64 pictures of coloured circles, squares, triangles, diamonds and stars), so it works without downloading anything.': ('LDM Studio 自带六个小模型（64×64 的彩色圆形、正方形、三角形、菱形和星形图像），无需下载任何内容即可使用。', 'LDM Studio bringt sechs kleine eigene Modelle mit (64×64-Bilder farbiger Kreise, Quadrate, Dreiecke, Rauten und Sterne), es funktioniert also ohne jeden Download.'),
    'The <b>Model</b> box lists, for each tab, the models that can do its task; size, steps, sampler and guidance follow the chosen model. Add your own checkpoints (CompVis LDM, Stable Diffusion 1.x/2.x, .ckpt or .safetensors) with the button beside it or by dropping them on the window.': ('<b>模型</b>框会为每个选项卡列出能完成其任务的模型；尺寸、步数、采样器和引导强度随所选模型而定。可用旁边的按钮或将文件拖到窗口来添加您自己的检查点（CompVis LDM、Stable Diffusion 1.x/2.x，.ckpt 或 .safetensors）。', 'Das Feld <b>Modell</b> listet für jeden Tab die Modelle, die seine Aufgabe können; Größe, Schritte, Sampler und Guidance folgen dem gewählten Modell. Eigene Checkpoints (CompVis LDM, Stable Diffusion 1.x/2.x, .ckpt oder .safetensors) fügen Sie mit der Schaltfläche daneben oder durch Ziehen auf das Fenster hinzu.'),
    'Click a picture in the history to see it, double-click it to get its settings back; its context menu opens, copies, sends or deletes it. Dropping a PNG made by LDM Studio restores its settings too.': ('单击历史记录中的图像可查看它，双击可恢复其设置；右键菜单可打开、复制、发送或删除它。拖入由 LDM Studio 生成的 PNG 也会恢复其设置。', 'Ein Klick auf ein Bild im Verlauf zeigt es, ein Doppelklick holt seine Einstellungen zurück; sein Kontextmenü öffnet, kopiert, sendet oder löscht es. Auch ein hereingezogenes PNG von LDM Studio stellt seine Einstellungen wieder her.'),
    'More: the README and the docs folder of LDM Studio, and <i>ldm --help</i> for the command line.': ('更多信息：LDM Studio 的 README 和 docs 文件夹，命令行请参阅 <i>ldm --help</i>。', 'Mehr: die README und der Ordner docs von LDM Studio sowie <i>ldm --help</i> für die Kommandozeile.'),
    'Cancelled at step %1 of %2, before its first preview: the picture is the one before': ('已在第 %1/%2 步取消，尚无预览：显示的是之前的图像', 'Bei Schritt %1 von %2 abgebrochen, vor der ersten Vorschau: das Bild ist das vorherige'),
    'Cancelled while the model loaded: the picture is the one before': ('在加载模型时已取消：显示的是之前的图像', 'Beim Laden des Modells abgebrochen: das Bild ist das vorherige'),
}
# Plural forms: zh_CN has one, de two (singular, plural).
NUMERUS = {
    '%n file(s) in the models folder are not models LDM Studio can use.': (['模型文件夹中有 %n 个文件不是 LDM Studio 可以使用的模型。'], ['%n Datei im Modellordner ist kein Modell, das LDM Studio verwenden kann.', '%n Dateien im Modellordner sind keine Modelle, die LDM Studio verwenden kann.']),
    '%n step(s), %1': (['%n 步，%1'], ['%n Schritt, %1', '%n Schritte, %1']),
    "Queued %n image(s)": (["已排队 %n 张图像"], ["%n Bild in der Warteschlange", "%n Bilder in der Warteschlange"]),
}


def fill(path: Path, column: int) -> int:
    tree = ET.parse(path)
    missing = 0
    for message in tree.getroot().iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if translation is None:
            translation = ET.SubElement(message, "translation")
        for child in list(translation):
            translation.remove(child)
        translation.text = None
        if message.get("numerus") == "yes" and source in NUMERUS:
            for form in NUMERUS[source][column]:
                ET.SubElement(translation, "numerusform").text = form
        elif source in T:
            translation.text = T[source][column]
        else:
            print(f"{path.name}: no translation for {source!r}", file=sys.stderr)
            translation.set("type", "unfinished")
            missing += 1
            continue
        translation.attrib.pop("type", None)
    ET.indent(tree, "    ")
    with open(path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    return missing


if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    missing = fill(root / "ldm_studio_zh_CN.ts", 0) + fill(root / "ldm_studio_de.ts", 1)
    sys.exit(1 if missing else 0)
