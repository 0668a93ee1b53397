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
}
# Plural forms: zh_CN has one, de two (singular, plural).
NUMERUS = {
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
