#!/usr/bin/env python3
# Writes the seed corpus of tests/fuzz/corpus/<harness>/ (small valid inputs from tests/data and the docs,
# plus edge cases). The regress_* files beside them are findings, added by hand. Rerun after changing a
# format; it only (over)writes the files it names.
import os, json, struct, zlib, zipfile, io, shutil, sys
R=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))); C=R+'/tests/fuzz/corpus'
def put(h, name, data):
    d=os.path.join(C,h); os.makedirs(d, exist_ok=True)
    if isinstance(data,str): data=data.encode('utf-8')
    open(os.path.join(d,name),'wb').write(data)

# ---- safetensors
def st(tensors, meta=None, hdr_extra=None):
    h={}; off=0; blob=b''
    for k,(dt,shape,raw) in tensors.items():
        h[k]={'dtype':dt,'shape':shape,'data_offsets':[off,off+len(raw)]}; off+=len(raw); blob+=raw
    if meta: h['__metadata__']=meta
    hj=json.dumps(h).encode()
    if hdr_extra is not None: hj=hdr_extra
    return struct.pack('<Q',len(hj))+hj+blob
f32=lambda *v: struct.pack('<%df'%len(v),*v)
put('safetensors','valid_f32',st({'w':('F32',[2,2],f32(1,2,3,4))},{'format':'pt'}))
put('safetensors','valid_mixed',st({'a':('F16',[3],b'\0<\0<\0<'),'b':('I64',[1],struct.pack('<q',7)),'c':('BF16',[],b'\x80?'),'d':('BOOL',[2],b'\x01\x00'),'e':('U8',[0],b'')}))
put('safetensors','overflow_shape',st({'w':('F32',[2**40,2**40],f32(1))}))
put('safetensors','overlap',st({},hdr_extra=json.dumps({'a':{'dtype':'F32','shape':[1],'data_offsets':[0,4]},'b':{'dtype':'F32','shape':[1],'data_offsets':[0,4]}}).encode())+f32(1))
put('safetensors','huge_header_len',struct.pack('<Q',2**62)+b'{}')
put('safetensors','empty',b'')
# ---- pickle / ckpt (same layout as tests/io/test_ckpt.cpp's tiny_ckpt)
def pk(offset=1,size=2,numel=3):
    p=b"\x80\x02}X\x0a\x00\x00\x00state_dict}X\x01\x00\x00\x00w"
    p+=b"ctorch._utils\n_rebuild_tensor_v2\n("
    p+=b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK"+bytes([numel])
    p+=b"tQK"+bytes([offset])+b"K"+bytes([size])+b"\x85K\x01\x85\x89ccollections\nOrderedDict\n)RtRss."
    return p
put('pickle','state_dict_v2',pk())
put('pickle','evil_os_system',b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R.")
put('pickle','evil_stack_global',b"\x80\x04\x8c\x08builtins\x8c\x04exec\x93X\x01\x00\x00\x001\x85R.")
put('pickle','lightning_extras',pk()[:-1]+b"X\x09\x00\x00\x00callbackscpytorch_lightning.callbacks.model_checkpoint\nModelCheckpoint\n)Rs."+b"")
put('pickle','memo_nesting',b"\x80\x02]q\x00(h\x00h\x00]q\x01(h\x01h\x00ee.")
put('pickle','proto4_frame',b"\x80\x04\x95\x10\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01a\x94K\x01s.")
put('pickle','deep_marks',b"\x80\x02"+b"("*200+b"t"*200+b".")
put('pickle','garbage',b"\x80\x02\xff\xfe")
def ckpt(p, storage, compress=False):
    b=io.BytesIO()
    with zipfile.ZipFile(b,'w',zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED) as z:
        z.writestr('archive/data.pkl',p); z.writestr('archive/data/0',storage); z.writestr('archive/version','3\n')
    return b.getvalue()
fl=f32(1.5,-2,7)
put('ckpt','valid',ckpt(pk(),fl))
put('ckpt','valid_deflated',ckpt(pk(),fl,True))
put('ckpt','view_outside_storage',ckpt(pk(2,2),b'\0'*12))
put('ckpt','short_storage',ckpt(pk(0,2,9),b'\0'*12))
put('ckpt','evil_global',ckpt(b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R.",b''))
put('ckpt','not_zip',b'hello world, not a checkpoint')
put('ckpt','legacy',bytes.fromhex('80028a0a6cfc9c46f9206aa85019')+b'.')
# ---- diffusers: first byte = role (0 model_index, 1 unet config, 2 CompVis unet params)
idx={"_class_name":"StableDiffusionPipeline","_diffusers_version":"0.21.4","text_encoder":["transformers","CLIPTextModel"],"unet":["diffusers","UNet2DConditionModel"],"vae":["diffusers","AutoencoderKL"],"scheduler":["diffusers","PNDMScheduler"]}
unet={"_class_name":"UNet2DConditionModel","act_fn":"silu","attention_head_dim":8,"block_out_channels":[32,64],"cross_attention_dim":32,"down_block_types":["CrossAttnDownBlock2D","DownBlock2D"],"up_block_types":["UpBlock2D","CrossAttnUpBlock2D"],"in_channels":4,"out_channels":4,"layers_per_block":1,"sample_size":8}
unet2=dict(unet, attention_head_dim=[2,4], transformer_layers_per_block=1, use_linear_projection=True, cross_attention_dim=64)
put('diffusers','index_sd',b'\x00'+json.dumps(idx).encode())
put('diffusers','index_sdxl',b'\x00'+json.dumps(dict(idx,text_encoder_2=["transformers","CLIPTextModelWithProjection"])).encode())
put('diffusers','unet_sd1',b'\x01'+json.dumps(unet).encode())
put('diffusers','unet_sd2',b'\x01'+json.dumps(unet2).encode())
put('diffusers','unet_bad_types',b'\x01'+json.dumps(dict(unet,block_out_channels="x",layers_per_block=-1)).encode())
put('diffusers','params_sd1',b'\x02'+json.dumps({"image_size":8,"in_channels":4,"out_channels":4,"model_channels":32,"attention_resolutions":[1],"num_res_blocks":1,"channel_mult":[1,2],"num_heads":2,"use_spatial_transformer":True,"transformer_depth":1,"context_dim":32}).encode())
put('diffusers','params_openclip',b'\x83'+json.dumps({"in_channels":4,"out_channels":4,"model_channels":32,"attention_resolutions":[1,2],"num_res_blocks":[1,1],"channel_mult":[1,2],"num_head_channels":16,"use_spatial_transformer":True,"use_linear_in_transformer":True,"context_dim":64}).encode())
put('diffusers','not_json',b'\x00{"unet": [')
# ---- config.yaml: first byte even -> sd1-tiny weights, odd -> ldm-layout-tiny
put('config_yaml','sd1_tiny', b'\n'+open(R+'/tests/data/sd1-tiny/config.yaml','rb').read())
put('config_yaml','layout_tiny', b'#\n'+open(R+'/tests/data/ldm-layout-tiny/config.yaml','rb').read())
put('config_yaml','sd2_tiny_on_sd1', b' '+open(R+'/tests/data/sd2-tiny/config.yaml','rb').read())
put('config_yaml','zoo_layout', b'#\n'+open(R+'/tests/data/zoo-configs/models-ldm-layout2img-openimages256.yaml','rb').read())
put('config_yaml','zoo_txt2img', b'\n'+open(R+'/tests/data/zoo-configs/models-ldm-text2img256.yaml','rb').read())
put('config_yaml','not_yaml', b' model: [\n  - : :\n')
put('config_yaml','scalars', b' model:\n  params:\n    scale_factor: 1e-4\n    use_ema: ~\n    channels: 0x10\n    timesteps: .inf\n    x: !!binary aGVsbG8=\n')
# ---- PNG
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
def png(texts=()):
    ihdr=struct.pack('>IIBBBBB',1,1,8,2,0,0,0)
    idat=zlib.compress(b'\x00\xff\x00\x00')
    s=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',ihdr)
    for t in texts: s+=t
    return s+chunk(b'IDAT',idat)+chunk(b'IEND',b'')
params="a cat, (best quality:1.2)\nNegative prompt: blurry\nSteps: 20, Sampler: Euler a, CFG scale: 7.5, Seed: 42, Size: 512x512, Model: sd15"
req={"task":"txt2img","model":"sd15","prompt":"a cat","negative_prompt":"blurry","width":512,"height":512,"steps":20,"sampler":"euler_a","cfg_scale":7.5,"seed":42,"batch":1,"loras":[{"path":"detail.safetensors","strength":0.8}],"boxes":[{"label":"Cat","x0":0.1,"y0":0.1,"x1":0.5,"y1":0.6}]}
put('png_text','plain',png())
put('png_text','text_params',png([chunk(b'tEXt',b'parameters\0'+params.encode('latin1'))]))
put('png_text','itxt_request',png([chunk(b'iTXt',b'ldm-request\0\0\0\0\0'+json.dumps(req).encode()), chunk(b'tEXt',b'parameters\0'+params.encode())]))
put('png_text','ztxt_params',png([chunk(b'zTXt',b'parameters\0\0'+zlib.compress(params.encode()))]))
put('png_text','itxt_compressed',png([chunk(b'iTXt',b'parameters\0\1\0en\0parameters\0'+zlib.compress(params.encode()))]))
put('png_text','bad_crc',png()[:-4]+b'\0\0\0\0')
put('png_text','truncated',png([chunk(b'tEXt',b'parameters\0x')])[:40])
# ---- parameters text
put('png_parameters','ldm',params)
put('png_parameters','a1111_typical',"masterpiece, best quality, 1girl, looking at viewer\nNegative prompt: lowres, bad anatomy, (worst quality:1.4)\nSteps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 3356209876, Size: 512x768, Model hash: 7f96a1a9ca, Model: anything-v5, Denoising strength: 0.55, Clip skip: 2, Hires upscale: 2, Hires upscaler: Latent, Lora hashes: \"add_detail: 7c6bad76eb54\", TI hashes: \"easynegative: c74b4e810b03\", Version: v1.6.0")
put('png_parameters','a1111_inpaint',"a house\nSteps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 5.5, Seed: 7, Size: 768x512, Denoising strength: 0.4, Mask blur: 4")
put('png_parameters','prompt_only',"just a prompt, nothing else")
put('png_parameters','bad_value',"p\nSteps: many, Sampler: DDIM, CFG scale: 7, Seed: 1")
put('png_parameters','quoted',"p\nSteps: 1, Model: \"a, b: c\", Seed: 99999999999999999999999, Size: 99999999999x-1, Eta: nan")
# ---- request JSON
put('request_json','txt2img',json.dumps(req))
put('request_json','inpaint',json.dumps({"task":"inpaint","prompt":"x","strength":0.75,"mask_feather":4,"outpaint":[0,64,0,64],"keep_unmasked":"on","match_input":"auto"}))
put('request_json','layout',json.dumps({"task":"layout","boxes":[{"class":3,"x0":0,"y0":0,"x1":1,"y1":1,"group_of":True}]}))
put('request_json','bad_types',json.dumps({"task":"txt2img","steps":"20","width":-1,"seed":1e300,"loras":[{"strength":1}],"outpaint":[1,2]}))
put('request_json','not_object','[1, 2, 3]')
# ---- layout (file JSON; also read line by line as --box specs)
put('layout','docs_example',json.dumps({"boxes":[{"label":"Tortoise","x0":0.1,"y0":0.2,"x1":0.5,"y1":0.6},{"class":0,"x0":0.5,"y0":0.5,"x1":0.9,"y1":0.9}]}))
put('layout','box_specs',"Tortoise:0.1,0.1,0.6,0.5\nCat:0.5,0.5,0.9,0.9\n12:0,0,1,1\nlabel:with:colons:0.1,0.2,0.3,0.4\n")
put('layout','box_edge',"99999999999999999999:0,0,1,1\nnan:nan,nan,nan,nan\n:1,1,0,0\nnocolon\n")
put('layout','array','[{"boxes": 1}]')
put('layout','bad_box_types',json.dumps({"boxes":[{"label":5,"x0":"a"},7,None]}))
# ---- tokenizers / prompt syntax
texts={'plain':'a photograph of an astronaut riding a horse','unicode':'Caf\u00e9 na\u00efve \u65e5\u672c\u8a9e \U0001F600 \u0130stanbul \u00df',
 'html':'&amp;lt;b&amp;gt; don\'t   stop\u00a0\u200b tab\tend','invalid_utf8':b'ok \xff\xfe \xc3( \xe2\x82 \xf0\x9f\x98 end',
 'long':'word '*200,'punct':'hello!!! ... ,,, ??? 123,456.78 e.g. U.S.A.'}
for k,v in texts.items():
    put('clip_tokenizer',k,v); put('wordpiece_tokenizer',k,v)
put('wordpiece_tokenizer','bert_accents','\u00c0 la carte \u00c9cole unaffable \u4e2d\u6587 [CLS] [SEP] ##ing')
pw={'a1111':'a (red:1.3) cat, [blurry], ((masterpiece)), \\(literal\\) BREAK second chunk',
 'nested':'((((a)))) [[[b]]] (c:0.5) (d:-1) (e:abc) (f:1e309)','unbalanced':'(((a [b ( c ] ) ) ) ) ) ( [ :1.2 \\',
 'break_only':'BREAK BREAK BREAK','long':'(a cat:1.1), '*60,'escapes':'\\\\ \\( \\[ \\] \\) (x:1.2\\)','invalid_utf8':b'(\xff:1.1) [\xc3] BREAK'}
for k,v in pw.items(): put('prompt_weighting',k,v)
