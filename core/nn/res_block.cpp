#include "core/nn/res_block.h"

#include <torch/torch.h>

#include "core/nn/layers.h"

namespace ldm {

ResBlockImpl::ResBlockImpl(const ResBlockOptions& options_) : options(options_) { reset(); }

void ResBlockImpl::reset() {
  const int64_t ch = options.channels;
  out_channels_ = options.out_channels > 0 ? options.out_channels : ch;
  namespace nn = torch::nn;

  in_norm_ = normalization(ch);
  in_conv_ = Conv2d(Conv2dOptions(ch, out_channels_, 3).padding(1));
  in_layers_ = register_module("in_layers", nn::Sequential(in_norm_, nn::SiLU(), in_conv_));

  // h_upd / x_upd hold no parameters; registered under the reference names all the same.
  if (options.up) {
    h_up_ = register_module("h_upd", Upsample(ch, false));
    x_up_ = register_module("x_upd", Upsample(ch, false));
  } else if (options.down) {
    h_down_ = register_module("h_upd", Downsample(ch, false));
    x_down_ = register_module("x_upd", Downsample(ch, false));
  }

  emb_linear_ = Linear(options.emb_channels, options.use_scale_shift_norm ? 2 * out_channels_ : out_channels_);
  emb_layers_ = register_module("emb_layers", nn::Sequential(nn::SiLU(), emb_linear_));

  out_norm_ = normalization(out_channels_);
  dropout_ = nn::Dropout(options.dropout);
  out_conv_ = Conv2d(Conv2dOptions(out_channels_, out_channels_, 3).padding(1));
  out_layers_ = register_module("out_layers", nn::Sequential(out_norm_, nn::SiLU(), dropout_, out_conv_));

  if (out_channels_ != ch) {
    skip_ = register_module("skip_connection",
                            options.use_conv ? Conv2d(Conv2dOptions(ch, out_channels_, 3).padding(1))
                                             : Conv2d(Conv2dOptions(ch, out_channels_, 1)));
  }
}

at::Tensor ResBlockImpl::forward(const at::Tensor& x_in, const at::Tensor& emb) {
  at::Tensor x = x_in;
  at::Tensor h = in_norm_->forward_act(x, /*silu=*/true);
  if (options.up) {
    h = h_up_->forward(h);
    x = x_up_->forward(x);
  } else if (options.down) {
    h = h_down_->forward(h);
    x = x_down_->forward(x);
  }
  h = in_conv_->forward(h);

  at::Tensor emb_out = emb_linear_->forward(at::silu(emb)).to(h.scalar_type()).unsqueeze(-1).unsqueeze(-1);  // [B, C', 1, 1]
  if (options.use_scale_shift_norm) {
    auto parts = emb_out.chunk(2, 1);  // scale, shift: [B, C, 1, 1] each
    h = at::silu(out_norm_->forward(h) * (1 + parts[0]) + parts[1]);
  } else {
    h = out_norm_->forward_act(h, /*silu=*/true, emb_out);  // silu(norm(h + emb_out))
  }
  h = out_conv_->forward(dropout_->forward(h));
  return (skip_ ? skip_->forward(x) : x) + h;
}

}  // namespace ldm
